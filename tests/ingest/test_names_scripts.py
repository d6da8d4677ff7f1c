"""Names in any script: Latin names glued to CJK, kana, Hangul, Arabic and Cyrillic text, and the
transliterations of major labs and model families, with the common words they must not match.

Each case: a sentence, the entities it names (key, label, the surface of the first mention, whose
span must be exact) and nothing else."""

import pytest

from ingest.pipeline import extract


def _found(text: str) -> dict[str, tuple[str, set[tuple[int, str]]]]:
    return {e.key: (e.label, {(m.start, m.text) for m in e.mentions}) for e in extract(text).entities}


def _check(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = _found(text)
    assert set(found) == {key for key, _, _ in expected}, found
    for key, label, surface in expected:
        assert found[key][0] == label, key
        assert (text.index(surface), surface) in found[key][1], (key, found[key][1])


GLUED = [
    pytest.param(
        "Swallowは東工大が開発した日本語モデルで、Llama 2をベースにしています。",
        [("swallow", "Model", "Swallow"), ("tokyo-tech", "Organization", "東工大"), ("llama-2", "Model", "Llama 2")],
        id="ja: a known name glued to kana",
    ),
    pytest.param(
        "Mistral-7B는 라마2보다 작지만, KoAlpaca를 만든 팀은 Polyglot-ko(12.8B)모델을 백본으로 썼다.",
        [
            ("mistral-7b", "Model", "Mistral-7B"),
            ("llama-2", "Model", "라마2"),
            ("koalpaca", "Model", "KoAlpaca"),
            ("polyglot-ko", "Model", "Polyglot-ko"),
        ],
        id="ko: names glued to particles and to a parenthesis",
    ),
    pytest.param(
        "Qwen-7B は通義千問シリーズの一つで、Qwen-7B-Chat はその対話版です。",
        [("qwen-7b", "Model", "Qwen-7B"), ("qwen", "Model", "通義千問"), ("qwen-7b-chat", "Model", "Qwen-7B-Chat")],
        id="ja: a listed size with its chat checkpoint named is its own model, and so is the chat checkpoint",
    ),
    pytest.param(
        "GPT-4와 LLaMA를 비교한 결과, ChatGPT의 답변이 더 길었다.",
        [("gpt-4", "Model", "GPT-4"), ("llama", "Model", "LLaMA"), ("chatgpt", "Model", "ChatGPT")],
        id="ko: 와, 를, 의 after Latin names",
    ),
    pytest.param(
        "ChatGPT的成功让谷歌加快了Gemini的发布。",
        [("chatgpt", "Model", "ChatGPT"), ("google", "Organization", "谷歌"), ("gemini", "Model", "Gemini")],
        id="zh: Latin names glued to Han characters",
    ),
    pytest.param(
        "يعتمد نموذج BERT على المحول، وقد طورته جوجل عام 2018.",
        [("bert", "Model", "BERT"), ("google", "Organization", "جوجل")],
        id="ar: a Latin name after نموذج, an Arabic spelling of a lab",
    ),
    pytest.param(
        "Мы сравнили модель GPT-3, а также разработки Яндекса и Сбербанка.",
        [("gpt-3", "Model", "GPT-3"), ("yandex", "Organization", "Яндекс"), ("sber", "Organization", "Сбербанк")],
        id="ru: a Latin name before a comma, Cyrillic names with case endings",
    ),
    pytest.param(
        "Mô hình PhoGPT được VinAI phát triển dựa trên kiến trúc Transformer.",
        [
            ("phogpt", "Model", "PhoGPT"),
            ("vinai", "Organization", "VinAI"),
            ("transformer", "Technique", "Transformer"),
        ],
        id="vi: names between Vietnamese words",
    ),
]

NEW_NAMES = [
    pytest.param(
        "Zephyrus-3 모델을 공개합니다.", [("zephyrus-3", "Model", "Zephyrus-3")], id="ko: 모델 supports a new name"
    ),
    pytest.param(
        "新しいNimbusLM-2モデルは高速です。", [("nimbuslm-2", "Model", "NimbusLM-2")], id="ja: モデル glued after"
    ),
    pytest.param(
        "Новая модель Quokka-2, обученная на русских текстах.", [("quokka-2", "Model", "Quokka-2")], id="ru: модель"
    ),
    pytest.param("أطلقنا نموذج Falconet-3 الجديد.", [("falconet-3", "Model", "Falconet-3")], id="ar: نموذج"),
    pytest.param("Le modèle Orion-4 est ouvert.", [("orion-4", "Model", "Orion-4")], id="fr: modèle"),
    pytest.param("El modelo Orion-4 es abierto.", [("orion-4", "Model", "Orion-4")], id="es: modelo"),
    pytest.param("Il modello Orion-4 è aperto.", [("orion-4", "Model", "Orion-4")], id="it: modello"),
    pytest.param("Mô hình Orion-4 là mã nguồn mở.", [("orion-4", "Model", "Orion-4")], id="vi: mô hình"),
    pytest.param("Die Seite-3 des Modells und Covid-19 모델 sind keine Namen.", [], id="stop prefixes in any language"),
    pytest.param("La versión 2 del modelo y la página 4 del informe.", [], id="no name shape, no name"),
]

TRANSLITERATED = [
    pytest.param(
        "메타가 공개한 라마, 구글의 제미나이, 앤트로픽의 클로드, 그리고 마이크로소프트와 네이버.",
        [
            ("meta", "Organization", "메타"),
            ("llama", "Model", "라마"),
            ("google", "Organization", "구글"),
            ("gemini", "Model", "제미나이"),
            ("anthropic", "Organization", "앤트로픽"),
            ("claude", "Model", "클로드"),
            ("microsoft", "Organization", "마이크로소프트"),
            ("naver", "Organization", "네이버"),
        ],
        id="ko: Hangul spellings of labs and models",
    ),
    pytest.param(
        "メタデータを整理したドラマの台本と、라마단 기간의 메타데이터.",
        [],
        id="ko, ja: words that contain a short name",
    ),
    pytest.param(
        "グーグルとメタ、マイクロソフト、アリババクラウドはラマやアルパカに対抗するモデルを出した。",
        [
            ("google", "Organization", "グーグル"),
            ("meta", "Organization", "メタ"),
            ("microsoft", "Organization", "マイクロソフト"),
            ("alibaba", "Organization", "アリババクラウド"),
            ("llama", "Model", "ラマ"),
            ("alpaca", "Model", "アルパカ"),
        ],
        id="ja: katakana spellings",
    ),
    pytest.param(
        "メタ学習とパノラマ写真とドラマの話。", [], id="ja: メタ before kanji is meta-learning; ラマ in words"
    ),
    pytest.param(
        "Яндекс и Сбер выпустили ГигаЧат и YandexGPT.",
        [
            ("yandex", "Organization", "Яндекс"),
            ("sber", "Organization", "Сбер"),
            ("gigachat", "Model", "ГигаЧат"),
            ("yandexgpt", "Model", "YandexGPT"),
        ],
        id="ru: Cyrillic spellings",
    ),
    pytest.param(
        "نماذج جوجل وميتا ومايكروسوفت و أوبن إيه آي مفتوحة جزئيا.",
        [
            ("google", "Organization", "جوجل"),
            ("meta", "Organization", "ميتا"),
            ("microsoft", "Organization", "مايكروسوفت"),
            ("openai", "Organization", "أوبن إيه آي"),
        ],
        id="ar: Arabic spellings with a glued و",
    ),
    pytest.param("عالم الميتافيرس والبيانات الوصفية.", [], id="ar: ميتا inside a longer word"),
]


@pytest.mark.parametrize(("text", "expected"), GLUED + NEW_NAMES + TRANSLITERATED)
def test_names_in_any_script(text, expected):
    _check(text, expected)
