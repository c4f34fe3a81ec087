"""Make the site's web fonts and wordmarks from Noto Serif: ``python -m dateline.site.fonts``.

Why Noto Serif: a freely licensed family (SIL OFL 1.1, no reserved font name, so a subset
may keep its name) with full Latin and Cyrillic, Ukrainian's ґ, є, і, ї and the
apostrophe included, drawn for long reading at text sizes and with a Display cut for
the wordmark; packaged by Debian (``apt-get install fonts-noto-core``), so the source is a
reproducible file rather than a download.

What it writes, all committed (the site never needs fontTools itself):

- ``static/site/fonts/serif-{regular,bold,italic}.woff2``: each face cut down to Latin
  (Basic, Latin-1, Extended-A), Cyrillic (Russian, Ukrainian, Belarusian) and the
  punctuation of news copy, without hinting (modern screens do not use it), about 17 KB
  each. A page downloads only the faces its text uses;
- ``static/site/fonts/OFL.txt``: the licence, which travels with the fonts;
- ``static/site/wordmark-<language>.svg``: the edition's name as outlines of Noto Serif
  Display Bold, so the masthead does not wait for a font (``WORDMARKS``).

Needs ``fonttools`` and ``brotli`` (requirements/dev.txt).
"""

import argparse
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/noto")
LICENSE_SOURCE = Path("/usr/share/doc/fonts-noto-core/copyright")
STATIC = Path(__file__).resolve().parent / "static" / "site"

FACES = {
    "serif-regular": "NotoSerif-Regular.ttf",
    "serif-bold": "NotoSerif-Bold.ttf",
    "serif-italic": "NotoSerif-Italic.ttf",
}
UNICODES = ",".join([
    "U+0020-007E", "U+00A0-017F",  # Basic Latin, Latin-1, Latin Extended-A
    "U+02BC",  # the Ukrainian apostrophe (modifier letter)
    "U+0400-045F", "U+0490-0491",  # Cyrillic, and Ukrainian Ґ ґ
    "U+2010-2014", "U+2018-201E", "U+2022", "U+2026", "U+2030", "U+2039-203A",
    "U+20AC", "U+20B4", "U+2116", "U+2122", "U+2212",  # € ₴ № ™ −
])
FEATURES = "kern,liga,lnum,onum,pnum,tnum,locl,case"

WORDMARK_FONT = "NotoSerifDisplay-Bold.ttf"
WORDMARK_HEIGHT = 32  # the height it is drawn at, in CSS pixels
WORDMARK_COLOUR = "#111"
# The wordmark of each edition's language; an edition in another language uses English's.
WORDMARKS = {"uk": "Дейтлайн", "en": "Dateline"}


def subset(source, target):
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = FEATURES.split(",")
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence
    font = ft_subset.load_font(str(source), options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=ft_subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    ft_subset.save_font(font, str(target), options)


def wordmark(text, source):
    """An SVG of ``text`` set in ``source``, as paths: ``(svg, width, height)``."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    glyphs, cmap, metrics = font.getGlyphSet(), font.getBestCmap(), font["hmtx"]
    ascent, descent = font["hhea"].ascent, font["hhea"].descent
    # The caps and ascenders sit on the top, the descenders (Д's feet) below the baseline.
    top, bottom = int(ascent * 0.8), int(-descent * 0.9)
    height_units = top + bottom
    paths, x = [], 0
    for char in text:
        name = cmap[ord(char)]
        pen = SVGPathPen(glyphs, ntos=lambda value: str(round(value)))
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, top)))
        paths.append(pen.getCommands())
        x += metrics[name][0]
    scale = WORDMARK_HEIGHT / height_units
    width, height = round(x * scale), WORDMARK_HEIGHT
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {height_units}" '
           f'width="{width}" height="{height}"><path fill="{WORDMARK_COLOUR}" '
           f'd="{"".join(paths)}"/></svg>\n')
    return svg, width, height


def license_text():
    """The OFL 1.1, as Debian's copyright file of fonts-noto-core states it."""
    lines, source = [], LICENSE_SOURCE.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(source):
        if line.strip() == "License: OFL-1.1":  # the stand-alone paragraph holds the text
            for text in source[n + 1:]:
                if not text.startswith(" "):
                    break
                lines.append("" if text.strip() == "." else text[1:])
            if lines:
                break
    if not lines:
        raise SystemExit(f"no OFL text found in {LICENSE_SOURCE}")
    notice = ("Noto Serif and Noto Serif Display: Copyright 2015-2022 Google LLC.\n"
              "Subset for Dateline by dateline/site/fonts.py; licensed under the\n"
              "SIL Open Font License, Version 1.1, below.\n\n")
    return notice + "\n".join(lines).strip() + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="the folder of Noto's .ttf files (fonts-noto-core)")
    args = parser.parse_args(argv)
    fonts = STATIC / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name, file in FACES.items():
        target = fonts / f"{name}.woff2"
        subset(args.source / file, target)
        print(f"{target.relative_to(STATIC.parent.parent)}: {target.stat().st_size} bytes")
    (fonts / "OFL.txt").write_text(license_text(), encoding="utf-8")
    for language, text in WORDMARKS.items():
        svg, width, height = wordmark(text, args.source / WORDMARK_FONT)
        target = STATIC / f"wordmark-{language}.svg"
        target.write_text(svg, encoding="utf-8")
        print(f"{target.relative_to(STATIC.parent.parent)}: {len(svg.encode())} bytes, "
              f"{width}x{height}")


if __name__ == "__main__":
    main()
