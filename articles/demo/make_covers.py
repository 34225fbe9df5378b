"""Draw the cover images of the demo articles (articles/demo/covers/<slug>.png).

Run from the project root:

    .venv/bin/python articles/demo/make_covers.py

Each cover is 1200×675: the article's English title in a Latin font on a flat
colour, above a small abstract drawing. The output is deterministic (no random
numbers, no timestamps or other PNG metadata), so running the script again
gives byte-identical files.
"""

import itertools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675
SCALE = 2  # draw at twice the size, then downsample: smooth lines and edges
MARGIN = 72
COLOURS = 64  # palette size of the saved PNG
OUT_DIR = Path(__file__).resolve().parent / "covers"
FONT_NAMES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")

COVERS = {
    "generative-search-traffic": {
        "title": "Generative search rewrites the traffic deal: "
        "what generative engine optimisation means for publishers",
        "background": (11, 42, 74),
        "accent": (255, 183, 77),
        "second": (129, 212, 250),
        "art": "lines",
    },
    "multi-cloud-ai-infrastructure": {
        "title": "Multi-cloud AI infrastructure: trading off GPU capacity, data gravity and cost",
        "background": (12, 59, 54),
        "accent": (94, 234, 212),
        "second": (167, 243, 208),
        "art": "clusters",
    },
    "open-models-enterprise": {
        "title": "Open-weight models move into the enterprise mainstream",
        "background": (138, 59, 18),
        "accent": (255, 208, 138),
        "second": (255, 236, 204),
        "art": "rings",
    },
    "ai-answer-engines-china": {
        "title": "China's AI answer engines: new traffic patterns and new rules for publishers",
        "background": (107, 15, 26),
        "accent": (255, 200, 87),
        "second": (255, 228, 170),
        "art": "bars",
    },
}


def s(value):
    """A length in output pixels → canvas pixels."""
    return round(value * SCALE)


def find_font_file(name):
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
        if root.is_dir():
            for path in sorted(root.rglob(name)):
                return path
    return None


def font(size, bold=True):
    name = FONT_NAMES[0] if bold else FONT_NAMES[1]
    path = find_font_file(name)
    if path is not None:
        return ImageFont.truetype(str(path), s(size))
    return ImageFont.load_default(size=s(size))


def mix(colour, other, amount):
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``."""
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def wrap(draw, text, face, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=face) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def draw_title(draw, text, max_lines=3):
    """Draw the wrapped title; return the y (output pixels) just below it."""
    max_width = s(WIDTH - 2 * MARGIN)
    for size in range(56, 30, -2):
        face = font(size)
        lines = wrap(draw, text, face, max_width)
        if len(lines) <= max_lines:
            break
    y = 112
    for line in lines:
        draw.text((s(MARGIN), s(y)), line, font=face, fill=(255, 255, 255))
        y += size * 1.22
    return y


def art_lines(draw, box, spec):
    left, top, right, bottom = box
    line = mix(spec["background"], (255, 255, 255), 0.25)
    for i in range(4):  # faint grid
        y = top + (bottom - top) * i / 3
        draw.line([(s(left), s(y)), (s(right), s(y))], fill=line, width=s(1))
    clicks = [0.92, 0.9, 0.86, 0.84, 0.76, 0.7, 0.62, 0.58, 0.52, 0.47, 0.44, 0.4]
    answers = [0.06, 0.08, 0.1, 0.15, 0.2, 0.28, 0.35, 0.44, 0.5, 0.58, 0.63, 0.7]
    for values, colour in ((clicks, spec["second"]), (answers, spec["accent"])):
        points = [
            (s(left + (right - left) * i / (len(values) - 1)), s(bottom - (bottom - top) * v))
            for i, v in enumerate(values)
        ]
        draw.line(points, fill=colour, width=s(7), joint="curve")
        x, y = points[-1]
        draw.ellipse([x - s(9), y - s(9), x + s(9), y + s(9)], fill=colour)
    legend = font(20, bold=False)
    for n, (label, colour) in enumerate(
        (("AI answers", spec["accent"]), ("clicks", spec["second"]))
    ):
        y = bottom - 64 + n * 30
        draw.line(
            [(s(right - 190), s(y + 12)), (s(right - 160), s(y + 12))], fill=colour, width=s(6)
        )
        draw.text((s(right - 148), s(y)), label, font=legend, fill=colour)


def art_clusters(draw, box, spec):
    left, top, right, bottom = box
    centres = [
        (left + (right - left) * 0.14, top + (bottom - top) * 0.55),
        (left + (right - left) * 0.5, top + (bottom - top) * 0.45),
        (left + (right - left) * 0.86, top + (bottom - top) * 0.55),
    ]
    link = mix(spec["background"], spec["second"], 0.55)
    for (x1, y1), (x2, y2) in itertools.pairwise(centres):
        draw.line([(s(x1), s(y1)), (s(x2), s(y2))], fill=link, width=s(3))
    x1, y1 = centres[0]
    x2, y2 = centres[2]
    draw.line([(s(x1), s(y1)), (s(x2), s(y2))], fill=link, width=s(2))
    cell, gap, cols, rows = 30, 8, 4, 3
    for n, (cx, cy) in enumerate(centres):
        width = cols * cell + (cols - 1) * gap
        height = rows * cell + (rows - 1) * gap
        x0, y0 = cx - width / 2, cy - height / 2
        pad = 14
        draw.rounded_rectangle(
            [s(x0 - pad), s(y0 - pad), s(x0 + width + pad), s(y0 + height + pad)],
            radius=s(12),
            fill=mix(spec["background"], (0, 0, 0), 0.25),
            outline=link,
            width=s(2),
        )
        for r in range(rows):
            for c in range(cols):
                lit = (r * cols + c + n) % 5 != 4  # a fixed pattern of busy and idle GPUs
                colour = spec["second"] if lit else mix(spec["background"], spec["second"], 0.3)
                x = x0 + c * (cell + gap)
                y = y0 + r * (cell + gap)
                draw.rounded_rectangle(
                    [s(x), s(y), s(x + cell), s(y + cell)], radius=s(4), fill=colour
                )


def art_rings(draw, box, spec):
    left, top, right, bottom = box
    radius = (bottom - top) / 2
    for n in range(3):
        cx = left + radius + n * ((right - left) - 2 * radius) / 2
        cy = top + radius
        for k in range(4):
            r = radius * (1 - k * 0.22)
            start = 30 + n * 70 + k * 40  # each ring leaves a gap: "open"
            colour = spec["accent"] if k % 2 == 0 else spec["second"]
            draw.arc(
                [s(cx - r), s(cy - r), s(cx + r), s(cy + r)],
                start=start,
                end=start + 290,
                fill=colour,
                width=s(10),
            )
        draw.ellipse([s(cx - 10), s(cy - 10), s(cx + 10), s(cy + 10)], fill=spec["second"])


def art_bars(draw, box, spec):
    left, top, right, bottom = box
    values = [0.18, 0.22, 0.2, 0.3, 0.34, 0.42, 0.4, 0.55, 0.62, 0.7, 0.82, 0.95]
    slot = (right - left) / len(values)
    bar = slot * 0.62
    draw.line(
        [(s(left), s(bottom)), (s(right), s(bottom))],
        fill=mix(spec["background"], (255, 255, 255), 0.4),
        width=s(2),
    )
    for i, value in enumerate(values):
        x = left + i * slot + (slot - bar) / 2
        colour = (
            spec["accent"]
            if i >= len(values) - 4
            else mix(spec["accent"], spec["background"], 0.35)
        )
        draw.rectangle(
            [s(x), s(bottom - (bottom - top) * value), s(x + bar), s(bottom - 2)], fill=colour
        )


ART = {"lines": art_lines, "clusters": art_clusters, "rings": art_rings, "bars": art_bars}


def make_cover(slug, spec):
    image = Image.new("RGB", (s(WIDTH), s(HEIGHT)), spec["background"])
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, s(WIDTH), s(10)], fill=spec["accent"])
    draw.text((s(MARGIN), s(58)), "GEO REVIEW  ·  ANALYSIS", font=font(22), fill=spec["accent"])
    below_title = draw_title(draw, spec["title"])
    art_top = max(below_title + 40, 330)
    ART[spec["art"]](draw, (MARGIN, art_top, WIDTH - MARGIN, HEIGHT - 56), spec)
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    image = image.quantize(
        colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    path = OUT_DIR / f"{slug}.png"
    image.save(path, format="PNG", optimize=True)
    return path


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for slug, spec in COVERS.items():
        path = make_cover(slug, spec)
        print(f"{path.relative_to(OUT_DIR.parent.parent.parent)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
