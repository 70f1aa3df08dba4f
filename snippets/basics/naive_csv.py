"""How *not* to write CSV: joining fields with commas corrupts the file."""

from flask import Flask

from snippets.basics.csv_export import iter_orders

app = Flask(__name__)


# [start naive]
@app.get("/orders.csv")
def export_orders_wrongly():
    def generate():
        for row in iter_orders(1000):
            yield ",".join(str(field) for field in row) + "\n"  # Wrong: not CSV.

    return generate(), {"Content-Type": "text/csv"}


# [end naive]
