"""The PostgreSQL export with one more route, /pool-stats, so that a test can see the worker's pool."""

from snippets.databases.postgres_export import app, pool


@app.get("/pool-stats")
def pool_stats():
    # psycopg_pool's counters: pool_size connections, pool_available of them idle in the pool.
    return pool().get_stats()
