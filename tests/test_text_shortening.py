import re

from hypothesis import assume, given
from hypothesis import strategies as st

from geo.text import ELLIPSIS, fits_whole_sentences, sentences, shorten

WORDS = st.lists(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), min_size=1, max_size=60)


def test_text_that_fits_is_unchanged_and_has_no_ellipsis():
    text = "Open models move into the enterprise mainstream."

    assert shorten(text, 160) == text


def test_whitespace_is_collapsed_even_when_the_text_fits():
    assert shorten("  Open   models\n\nmove  in. ", 160) == "Open models move in."


def test_english_is_never_cut_mid_word():
    text = "Answer engines quote summaries directly without sending readers anywhere else"

    short = shorten(text, 30)

    assert short == "Answer engines quote…"
    assert len(short) <= 30


def test_ellipsis_only_when_text_was_shortened():
    assert not shorten("Short and sweet", 40).endswith(ELLIPSIS)
    assert shorten("Short and sweet but not short enough", 20).endswith(ELLIPSIS)


def test_whole_sentences_are_kept_when_they_fit():
    text = "Open models are cheaper. Enterprises now run them in house. Vendors respond."

    assert shorten(text, 60) == "Open models are cheaper. Enterprises now run them in house."


def test_first_sentence_alone_is_kept_without_ellipsis():
    text = "Open models are cheaper. Enterprises now run them in house and vendors respond."

    assert shorten(text, 30) == "Open models are cheaper."


def test_chinese_sentences_are_kept_whole():
    text = "开源模型成本更低。企业开始自行部署。厂商随之调整定价策略并推出新的服务。"

    assert shorten(text, 20) == "开源模型成本更低。企业开始自行部署。"


def test_chinese_text_without_sentence_end_is_shortened_with_ellipsis():
    text = "开源模型正在进入企业主战场并改变整个行业的竞争格局和定价方式" * 3

    short = shorten(text, 20)

    assert len(short) <= 20
    assert short.endswith(ELLIPSIS)
    assert text.startswith(short[:-1])


def test_mixed_chinese_and_english_is_cut_between_words():
    text = "DeepSeek 与 Moonshot 在企业市场的竞争日益激烈，而且 OpenAI 也在调整策略"

    short = shorten(text, 16)

    assert len(short) <= 16
    assert short.endswith(ELLIPSIS)
    body = short[:-1]
    assert text.startswith(body)
    # The cut never lands inside an English word.
    assert not re.search(r"[A-Za-z]$", body) or not text[len(body)].isalpha()


def test_trailing_punctuation_is_not_left_before_the_ellipsis():
    short = shorten("Vendors, analysts, and editors, all of them agree on this", 33)

    assert short.endswith(ELLIPSIS)
    assert short[-2] not in ",;: "


def test_empty_text_stays_empty():
    assert shorten("", 10) == ""
    assert shorten(None, 10) == ""


def test_sentences_split_after_chinese_and_english_ends():
    assert sentences("第一句。第二句！Third one? Fourth.") == [
        "第一句。",
        "第二句！",
        "Third one?",
        " Fourth.",
    ]


def test_summary_with_an_early_sentence_end_fits_whole_sentences():
    summary = "开源模型进入企业主战场。" + "后续说明" * 60

    assert fits_whole_sentences(summary, 160)


def test_summary_without_a_sentence_end_in_the_limit_does_not_fit():
    summary = "开源模型进入企业主战场" * 20 + "。"

    assert not fits_whole_sentences(summary, 160)


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_result_never_exceeds_the_limit(text, limit):
    assert len(shorten(text, limit)) <= limit


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_shortened_text_is_a_beginning_of_the_text(text, limit):
    normalized = " ".join(text.split())
    short = shorten(text, limit)

    if len(normalized) <= limit:
        assert short == normalized
    elif short.endswith(ELLIPSIS):
        assert normalized.startswith(short[:-1])
    else:
        assert normalized.startswith(short)


@given(WORDS, st.integers(min_value=2, max_value=200))
def test_english_words_are_never_cut(words, limit):
    assume(len(words[0]) < limit)  # a first word longer than the limit cannot be kept whole
    text = " ".join(words)

    short = shorten(text, limit)

    kept = short.removesuffix(ELLIPSIS).split()
    assert kept == words[: len(kept)]
    assert short.endswith(ELLIPSIS) == (len(text) > limit)
