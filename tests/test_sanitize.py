"""Everything rendered from content is safe, judged by an independent HTML parser."""

from urllib.parse import urlsplit

import html5lib
import pytest

from refsite.publishing.render import SectionRenderer
from refsite.publishing.sanitize import sanitize_html

from .factories import render_fragment

FORBIDDEN_ELEMENTS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta",
    "link", "frame", "frameset", "applet", "img", "video", "audio", "input", "button",
    "textarea", "select",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background",
                  "poster", "srcset", "data", "cite", "longdesc", "lowsrc", "dynsrc"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<script>/* */alert(1)//</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=javascript:alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
    "<a href=\"https://ok.example\" onmouseover=alert(1)>x</a>",
    "<p onmouseover=\"alert(1)\">hover</p>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"x:expression(alert(1))\">x</p>",
    "<style>body{background:url('javascript:alert(1)')}</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<td background=\"javascript:alert(1)\">",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<a href=\"https://ok.example\"\nonclick=alert(1)>x</a>",
    "<h3 id=\"x\" onclick=\"alert(1)\">heading</h3>",
    "<sup onmouseover=alert(1)>1</sup>",
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "![img](javascript:alert(1))",
    "![img](https://ok.example/x.png \"t\" onerror=alert(1))",
    "<https://ok.example/\" onclick=\"alert(1)>",
    "<javascript:alert(1)>",
    "[x](https://ok.example/\"onmouseover=\"alert(1))",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "<div><p>ok</p><script>alert(1)</script></div>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<isindex action=javascript:alert(1) type=image>",
    "<frameset onload=alert(1)>",
]


def assert_safe(html):
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1].lower()
        assert tag not in FORBIDDEN_ELEMENTS, f"<{tag}> survived in {html!r}"
        for name, value in element.attrib.items():
            name = name.split("}")[-1].lower()
            assert not name.startswith("on"), f"{name} survived in {html!r}"
            assert name != "style", f"style survived in {html!r}"
            if name in URL_ATTRIBUTES:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"{name}={value!r} survived in {html!r}"


def test_the_corpus_has_at_least_fifty_vectors():
    assert len(set(XSS_VECTORS)) >= 50


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_rendered_and_sanitized_markdown_is_safe(vector):
    assert_safe(sanitize_html(render_fragment(vector, {})))


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sections_rendered_as_the_loader_renders_them_are_safe(vector):
    """The loader's path, which sanitizes the converter's tree where it can."""
    assert_safe(SectionRenderer({}).render(vector))


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitize_alone_is_safe_on_raw_html(vector):
    assert_safe(sanitize_html(vector))


def test_the_oracle_catches_what_the_sanitizer_would_have_removed():
    with pytest.raises(AssertionError):
        assert_safe(render_fragment("<img src=x onerror=alert(1)>", {}))
    with pytest.raises(AssertionError):
        assert_safe(render_fragment("[x](javascript:alert(1))", {}))


def test_ordinary_content_survives_sanitizing():
    html = sanitize_html(render_fragment(
        "Some **bold** and a [label](https://dailymed.nlm.nih.gov/x).\n\n"
        "| Dose | When |\n|---|---|\n| 1 mg | daily |\n", {}))
    assert "<strong>bold</strong>" in html
    assert 'href="https://dailymed.nlm.nih.gov/x"' in html
    assert "<table>" in html and "<td>1 mg</td>" in html
