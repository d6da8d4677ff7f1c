"""The size limit is one the loader can load (issue 16): INGEST_MAX_BYTES holds for the text as the
graph stores it (UTF-8), so a GBK document under the limit in its own bytes but over it as UTF-8 is
refused up front, saying so, instead of passing and failing later; a document of the pathological
shape just under the limit loads whole into the real Neo4j. The full 5 MB case runs through the
worker in test_pathological_document.py and in `make bench-pathological`."""

import pytest
from django.core.management import call_command

from bench.pathological import pathological_text
from ingest.pipeline import extract
from ingest.pipeline.errors import InputTooLarge
from kg import selectors

LIMIT = 256 * 1024
CHINESE = "GPT-3 由 OpenAI 发布,使用了稀疏注意力。GPT-3 的参数量为1750亿。\n"


def _chinese(size: int) -> str:
    return CHINESE * (size // len(CHINESE.encode("gbk")))


def test_gbk_under_the_limit_in_its_bytes_but_over_as_utf8_is_refused_saying_why():
    text = _chinese(LIMIT - 100)
    source = text.encode("gbk")
    assert len(source) <= LIMIT < len(text.encode("utf-8"))
    with pytest.raises(InputTooLarge, match=r"bytes of gb18030 but \d+ bytes as UTF-8.*INGEST_MAX_BYTES"):
        extract(source, max_bytes=LIMIT)


def test_documents_just_under_the_limit_load_whole(graph, db, settings, tmp_path):
    settings.INGEST_MAX_BYTES = LIMIT
    content, _ = pathological_text(max_bytes=LIMIT)
    chinese = _chinese(LIMIT * 2 // 3 - 100).encode("gbk")  # under the limit as UTF-8 too
    assert len(content) <= LIMIT and len(chinese.decode("gbk").encode("utf-8")) <= LIMIT
    (tmp_path / "repeated.txt").write_bytes(content)
    (tmp_path / "chinese.txt").write_bytes(chinese)
    call_command("ingest", str(tmp_path / "repeated.txt"), str(tmp_path / "chinese.txt"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert selectors.document_get(key="file-repeated").text == content.decode()
    assert selectors.document_get(key="file-chinese").text == chinese.decode("gbk")
