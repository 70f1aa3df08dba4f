"""The big proofs of the zip page, run by `make matrix-data`: zip64 past 4 GiB, memory flat.

Each serves the real snippet under gunicorn. The files are sparse: a 4.5 GiB file
takes a few MiB of disk, and reads back as its random blocks with zeros between.
"""

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pytest
from stream_unzip import stream_unzip

MODULE = "snippets.archives.zip_folder"
GiB = 1024**3
MiB = 1024**2
CHUNK = 1 << 20


def sparse_file(path: Path, size: int, seed: int) -> str:
    """A file of ``size`` bytes with 1 MiB of random bytes every 256 MiB and at the end; its sha256."""
    import random

    rng = random.Random(seed)
    with path.open("wb") as file:
        file.truncate(size)
        for offset in [*range(0, size - MiB, 256 * MiB), size - MiB]:
            file.seek(offset)
            file.write(rng.randbytes(MiB))
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while piece := file.read(CHUNK):
            digest.update(piece)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory):
    return tmp_path_factory.mktemp("sparse")


def read_chunks(response):
    while chunk := response.read1(CHUNK):
        yield chunk


def zip64_extra(extra: bytes) -> bytes | None:
    """The zip64 extended information (header 0x0001) of a zip extra field, if there is one."""
    while len(extra) >= 4:
        header, length = struct.unpack("<HH", extra[:4])
        if header == 0x0001:
            return extra[4 : 4 + length]
        extra = extra[4 + length :]
    return None


@pytest.mark.matrix
@pytest.mark.live
def test_live_member_over_4_gib_streams_as_zip64_and_unzips_byte_identical(live_server, archive_root):
    folder = archive_root / "huge"
    folder.mkdir()
    size = 4 * GiB + 512 * MiB
    expected = sparse_file(folder / "big.bin", size, seed=64)
    server = live_server(MODULE, "--env", f"FLASK_ARCHIVE_ROOT={archive_root}")
    connection = server.connection(timeout=120)
    connection.request("GET", "/archives/huge.zip")
    response = connection.getresponse()
    assert response.status == 200
    # Keep the zip (mostly zeros, it deflates to a few MiB) for its directory; unzip it as it comes.
    body = bytearray()

    def kept(chunks):
        for chunk in chunks:
            body.extend(chunk)
            yield chunk

    members = []
    for name, member_size, chunks in stream_unzip(kept(read_chunks(response))):
        digest = hashlib.sha256()
        unzipped = 0
        for chunk in chunks:
            digest.update(chunk)
            unzipped += len(chunk)
        members.append((name, member_size, unzipped, digest.hexdigest()))
    connection.close()
    # The local header gives no size (None): a streamed zip writes it after the data.
    assert members == [(b"huge/big.bin", None, size, expected)]
    # The central directory gives the true size in a zip64 extra field: 4.5 GiB does not fit 32 bits.
    with zipfile.ZipFile(io.BytesIO(bytes(body))) as archive:
        (info,) = archive.infolist()
    assert info.file_size == size > 0xFFFFFFFF
    extra = zip64_extra(info.extra)
    assert extra is not None
    assert size in struct.unpack(f"<{len(extra) // 8}Q", extra[: len(extra) // 8 * 8])
    # The local header, sent first, already has its zip64 extra field...
    local = struct.unpack("<4s5H3L2H", body[:30])
    assert local[0] == b"PK\x03\x04"
    name_length, extra_length = local[-2:]
    assert zip64_extra(bytes(body[30 + name_length : 30 + name_length + extra_length])) is not None
    # ...and the data descriptor after the data has 8-byte sizes (zip64) with the true ones.
    descriptor_at = 30 + name_length + extra_length + info.compress_size
    signature, crc, compressed, uncompressed = struct.unpack("<4sLQQ", body[descriptor_at : descriptor_at + 24])
    assert (signature, crc, compressed, uncompressed) == (b"PK\x07\x08", info.CRC, info.compress_size, size)


def peak_growth_mib(server, path: str) -> float:
    """Download ``path`` and return the worker's peak memory growth, in MiB."""
    worker = server.worker_pid()

    def kib(field):
        line = next(line for line in Path(f"/proc/{worker}/status").read_text().splitlines() if line.startswith(field))
        return int(line.split()[1])

    Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak
    baseline = kib("VmRSS:")
    connection = server.connection(timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    for _ in read_chunks(response):
        pass
    connection.close()
    return (kib("VmHWM:") - baseline) / 1024


@pytest.mark.matrix
@pytest.mark.live
def test_live_memory_stays_flat_for_ten_times_more_data(live_server, archive_root):
    for name, size in (("tenth", 64 * MiB), ("ten-times", 640 * MiB)):
        (archive_root / name).mkdir()
        for number in range(4):
            sparse_file(archive_root / name / f"part-{number}.bin", size, seed=number)
    server = live_server(MODULE, "--env", f"FLASK_ARCHIVE_ROOT={archive_root}")
    peak_growth_mib(server, "/archives/tenth.zip")  # warm-up: imports, first connection
    small = peak_growth_mib(server, "/archives/tenth.zip")
    large = peak_growth_mib(server, "/archives/ten-times.zip")
    # 256 MiB then 2.5 GiB of files: the worker's peak grows by a few MiB at most, the same for both.
    assert small < 16
    assert large < small + 8
