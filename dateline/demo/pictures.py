"""The demo's pictures, drawn with Pillow: flat illustrations per topic, and author portraits.

A story's picture comes from its topic (``TOPICS``: a map for the front, a hemicycle for
parliament, a chart for the economy, ...), so a sanctions story is never illustrated by a
concert. Each topic has a few variants, drawn once per database and shared by every story of
the topic; a bulk run of a million articles still draws only these.

The drawings are one house style: a soft gradient, a calm palette, flat shapes drawn at twice
the size and reduced (smooth edges), a faint grain. They carry no text: ``draw()`` is given a
topic and a variant, never a caption; captions and alt text are the article's, in its
edition's language (``Picture``).
"""

import functools
import io
import math
import random
from collections import namedtuple

from PIL import Image, ImageChops, ImageDraw

SIZE = (1200, 675)
PORTRAIT_SIZE = (480, 480)
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliasing

Picture = namedtuple("Picture", "en uk")  # the caption, in each edition's language

# The house palette: ink, slate, mist, paper, sand, clay, ochre, sage, teal, plum.
INK, SLATE, MIST = (31, 42, 68), (59, 74, 99), (154, 166, 184)
PAPER, SAND = (244, 239, 230), (226, 214, 192)
CLAY, OCHRE, SAGE, TEAL, PLUM = (192, 86, 66), (214, 165, 72), (138, 163, 153), (47, 111, 115), (
    110, 76, 110)
UA_BLUE, UA_YELLOW = (0, 87, 168), (255, 206, 0)


class Pen:
    """Draws in the picture's own coordinates (1200 x 675) on a canvas SCALE times larger."""

    def __init__(self, size, top, bottom):
        width, height = size[0] * SCALE, size[1] * SCALE
        mask = Image.linear_gradient("L").resize((1, height)).resize((width, height),
                                                                     Image.Resampling.NEAREST)
        self.canvas = Image.composite(Image.new("RGB", (width, height), bottom),
                                      Image.new("RGB", (width, height), top), mask)
        self.draw = ImageDraw.Draw(self.canvas, "RGBA")
        self.size = size

    @staticmethod
    def _s(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def poly(self, points, fill):
        self.draw.polygon(self._s(points), fill=fill)

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE]
        if radius:
            self.draw.rounded_rectangle(box, radius * SCALE, fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def circle(self, x, y, r, fill=None, outline=None, width=1):
        self.draw.ellipse([(x - r) * SCALE, (y - r) * SCALE, (x + r) * SCALE, (y + r) * SCALE],
                          fill=fill, outline=outline, width=round(width * SCALE))

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse([x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE], fill=fill)

    def line(self, points, fill, width=1):
        self.draw.line(self._s(points), fill=fill, width=round(width * SCALE), joint="curve")

    def glow(self, x, y, r, colour, strength=60):
        """A soft halo: faint discs, the smaller ones brighter."""
        for step in range(12, 0, -1):
            self.circle(x, y, r * step / 4, fill=(*colour, strength // (step + 2)))

    def masked(self, points, paint):
        """Paint ``paint(pen)`` only inside the polygon ``points`` (e.g. hatching)."""
        layer = Pen.__new__(Pen)
        layer.size, layer.canvas = self.size, Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        layer.draw = ImageDraw.Draw(layer.canvas, "RGBA")
        paint(layer)
        mask = Image.new("L", self.canvas.size, 0)
        ImageDraw.Draw(mask).polygon(self._s(points), fill=255)
        self.canvas.paste(layer.canvas.convert("RGB"), (0, 0),
                          ImageChops.multiply(layer.canvas.getchannel("A"), mask))

    def finish(self, grain=6):
        """The picture at its size, with a faint grain (the same grain on every picture)."""
        image = self.canvas.reduce(SCALE)
        return Image.blend(image, _grain(image.size), grain / 128) if grain else image


@functools.cache
def _grain(size):
    return Image.effect_noise(size, 40).convert("RGB")


def _rgba(colour, alpha):
    return (*colour, alpha)


def _mix(a, b, share):
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def _wobble(rng, start, end, steps, amplitude, axis=0):
    """A hand-drawn line from start to end: points with a smooth random offset."""
    phase, freq = rng.uniform(0, 6.28), rng.uniform(1.5, 3.0)
    points = []
    for i in range(steps + 1):
        t = i / steps
        x = start[0] + (end[0] - start[0]) * t
        y = start[1] + (end[1] - start[1]) * t
        offset = amplitude * (math.sin(phase + freq * t * 6.28) * 0.6 + rng.uniform(-0.4, 0.4))
        points.append((x + offset, y) if axis == 0 else (x, y + offset))
    return points


def _blob(rng, cx, cy, r, points=28, rough=0.18):
    return [(cx + r * (1 + rng.uniform(-rough, rough)) * math.cos(a),
             cy + r * (1 + rng.uniform(-rough, rough)) * math.sin(a) * 0.8)
            for a in (i * 2 * math.pi / points for i in range(points))]


# -- the topics --------------------------------------------------------------------------------


def _map(pen, rng, variant):
    """The front on a map: land, water, rivers, roads, the line, the occupied side hatched,
    towns as markers."""
    land = [(232, 226, 210), (224, 229, 214), (226, 230, 234)][variant % 3]
    pen.rect(0, 0, 1200, 675, land)
    water = (184, 203, 208)
    pen.poly(_blob(rng, rng.choice([80, 1120]), 690, 330, rough=0.08), water)
    for x in range(0, 1200, 75):
        pen.line([(x, 0), (x, 675)], _rgba(INK, 14), 1)
    for y in range(0, 675, 75):
        pen.line([(0, y), (1200, y)], _rgba(INK, 14), 1)
    for _ in range(2):
        y0 = rng.randint(80, 600)
        pen.line(_wobble(rng, (-20, y0), (1220, rng.randint(80, 600)), 30, 40, axis=1),
                 (160, 186, 194), 6)
    for _ in range(4):
        pen.line([(rng.randint(0, 1200), -10), (rng.randint(0, 1200), 690)],
                 (255, 255, 255, 150), 4)
    front = _wobble(rng, (rng.randint(560, 700), -20), (rng.randint(540, 720), 700), 36, 70)
    occupied = [*front, (1220, 700), (1220, -20)]
    pen.poly(occupied, _rgba(CLAY, 38))

    def hatch(layer):
        for x in range(-700, 1300, 22):
            layer.line([(x, 700), (x + 700, -20)], _rgba(CLAY, 70), 2)

    pen.masked(occupied, hatch)
    pen.line([(x + 26, y) for x, y in front], _rgba(CLAY, 90), 3)
    pen.line(front, CLAY, 7)
    for i in range(rng.randint(7, 10)):
        x, y = rng.randint(60, 1140), rng.randint(60, 615)
        big = i == 0
        if big:
            for r in (42, 28):
                pen.circle(x, y, r, outline=_rgba(INK, 120), width=3)
        pen.circle(x, y, 11 if big else 8, fill=INK if big else SLATE)
        pen.circle(x, y, 4 if big else 3, fill=PAPER)


def _sky(pen, rng, variant):
    """A night sky over a city: interceptor trails, a searchlight, lit windows."""
    for _ in range(90):
        x, y = rng.randint(0, 1200), rng.randint(0, 420)
        pen.circle(x, y, rng.choice([1, 1, 1.5, 2]), fill=(255, 255, 255, rng.randint(60, 180)))
    for _ in range(2):
        x = rng.randint(150, 1050)
        pen.poly([(x - 8, 675), (x + 8, 675), (x + rng.randint(-350, 350) + 60, -10),
                  (x + rng.randint(-350, 350) - 60, -10)], (220, 230, 255, 18))
    warm = (255, 214, 150)
    for _ in range(rng.randint(3, 5)):
        x0, x1 = rng.randint(100, 1100), rng.randint(150, 1050)
        top = rng.randint(70, 260)
        points = []
        for i in range(41):
            t = i / 40
            points.append((x0 + (x1 - x0) * t, 600 - (600 - top) * (1 - (1 - t) ** 2)))
        for i in range(len(points) - 1):
            pen.line(points[i:i + 2], _rgba(warm, 30 + int(160 * i / 40)), 3)
        pen.glow(*points[-1], 16, warm, 90)
        pen.circle(*points[-1], 5, fill=(255, 240, 210))
    _skyline(pen, rng, 560, (14, 20, 38), lit=(242, 196, 109), tall=(80, 230))


def _skyline(pen, rng, base, colour, lit=None, tall=(60, 200), width=(40, 110)):
    x = -10
    while x < 1210:
        w, h = rng.randint(*width), rng.randint(*tall)
        pen.rect(x, base - h, x + w, 700, colour)
        if lit:
            for wy in range(base - h + 14, 675, 22):
                for wx in range(x + 8, x + w - 10, 16):
                    if rng.random() < 0.12:
                        pen.rect(wx, wy, wx + 7, wy + 10, _rgba(lit, 200))
        x += w + rng.randint(0, 12)


def _parliament(pen, rng, variant):
    """A hemicycle of seats coloured by faction, and the rostrum."""
    factions = [[SLATE, TEAL, OCHRE, CLAY, SAGE], [TEAL, SLATE, PLUM, OCHRE, SAGE],
                [PLUM, SAGE, SLATE, OCHRE, TEAL]][variant % 3]
    shares = [rng.uniform(0.15, 0.45) for _ in factions]
    seats = []
    cx, cy = 600, 585
    for row, r in enumerate(range(170, 520, 38)):
        count = int(math.pi * r / 30)
        for i in range(count):
            angle = math.pi + math.pi * (i + 0.5) / count
            seats.append((angle, cx + r * math.cos(angle), cy + r * math.sin(angle), row))
    seats.sort()
    total, bounds = sum(shares), []
    for share in shares:
        bounds.append((bounds[-1] if bounds else 0) + share / total * len(seats))
    pen.ellipse(40, 40, 1160, 1130, _rgba(INK, 10))
    for n, (_angle, x, y, _row) in enumerate(seats):
        faction = next(i for i, bound in enumerate(bounds) if n < bound + 0.001)
        pen.circle(x, y, 11, fill=factions[faction])
    pen.rect(490, 600, 710, 675, INK, radius=10)
    pen.rect(560, 570, 640, 610, SLATE, radius=6)
    pen.rect(0, 660, 1200, 675, _rgba(INK, 40))


def _chart(pen, rng, variant):
    """Bars and a trend line on a grid."""
    dark = variant % 2 == 1
    ink = (220, 226, 236) if dark else INK
    left, right, top, bottom = 110, 1110, 90, 585
    for y in range(top, bottom + 1, 70):
        pen.line([(left, y), (right, y)], _rgba(ink, 35), 2)
    pen.line([(left, bottom), (right, bottom)], _rgba(ink, 120), 3)
    count = 14
    step = (right - left) / count
    level = rng.uniform(0.35, 0.55)
    values = []
    for _ in range(count):
        level = min(0.92, max(0.15, level + rng.uniform(-0.1, 0.13)))
        values.append(level)
    highlight = rng.randrange(count - 4, count)
    for i, value in enumerate(values):
        x = left + i * step + step * 0.18
        colour = CLAY if i == highlight else (SAGE if dark else TEAL)
        pen.rect(x, bottom - value * (bottom - top), x + step * 0.64, bottom,
                 _rgba(colour, 230 if i == highlight else 170), radius=4)
    line = [(left + (i + 0.5) * step, bottom - (v * 0.6 + 0.3) * (bottom - top) * 0.95)
            for i, v in enumerate(values)]
    pen.poly([*line, (line[-1][0], bottom), (line[0][0], bottom)], _rgba(OCHRE, 45))
    pen.line(line, OCHRE, 5)
    for x, y in line:
        pen.circle(x, y, 7, fill=OCHRE)
        pen.circle(x, y, 3, fill=(28, 36, 58) if dark else PAPER)


def _capital(pen, rng, variant):
    """A capital at dawn or dusk: layered skyline, a domed hall, flags."""
    pen.glow(rng.randint(250, 950), 330, 70, (255, 236, 200), 70)
    far, mid, near = [((170, 178, 196), (122, 134, 158), (52, 64, 90)),
                      ((190, 170, 170), (130, 112, 128), (58, 50, 72))][variant % 2]
    _skyline(pen, rng, 430, far, tall=(40, 170), width=(50, 120))
    _skyline(pen, rng, 500, mid, tall=(30, 140), width=(60, 140))
    cx = rng.randint(380, 820)
    pen.rect(cx - 190, 440, cx + 190, 675, near)
    pen.poly([(cx - 210, 445), (cx, 395), (cx + 210, 445)], near)
    pen.rect(cx - 70, 330, cx + 70, 400, near)
    pen.ellipse(cx - 80, 250, cx + 80, 410, near)
    pen.rect(cx - 4, 205, cx + 4, 260, near)
    for x in range(cx - 170, cx + 171, 34):
        pen.rect(x - 6, 470, x + 6, 640, _rgba(PAPER, 60))
    pen.rect(0, 640, 1200, 675, near)
    flags = [[(UA_BLUE, UA_YELLOW)], [((0, 51, 153), None)]]
    for i, x in enumerate((cx - 290, cx + 290)):
        pen.rect(x, 330, x + 5, 640, near)
        top, bottom = flags[i % 2][0]
        if bottom:
            pen.rect(x + 5, 332, x + 95, 362, top)
            pen.rect(x + 5, 362, x + 95, 392, bottom)
        else:
            pen.rect(x + 5, 332, x + 95, 392, top)
            for k in range(12):
                a = k * math.pi / 6
                pen.circle(x + 50 + 19 * math.cos(a), 362 + 19 * math.sin(a), 2.6,
                           fill=UA_YELLOW)


def _stage(pen, rng, variant):
    """A theatre stage with spotlights, or a gallery wall with framed pictures."""
    if variant % 2 == 0:
        red, dark = ((128, 44, 58), (92, 30, 44)) if variant == 0 else ((46, 74, 104),
                                                                        (30, 52, 78))
        pen.poly([(0, 675), (1200, 675), (1020, 470), (180, 470)], (120, 84, 60))
        pen.poly([(180, 470), (1020, 470), (1000, 455), (200, 455)], (92, 62, 44))
        for side in (0, 1):
            for i in range(7):
                x = i * 34 if side == 0 else 1200 - (i + 1) * 34
                pen.poly([(x, 0), (x + 34, 0), (x + 30 + 10 * (i % 2), 675),
                          (x + 2, 675)], red if i % 2 else dark)
        for x in range(0, 1200, 60):
            pen.ellipse(x - 10, 40, x + 70, 110, red)
        pen.rect(0, 0, 1200, 70, dark)
        for x in (420, 780, rng.randint(520, 680)):
            target = rng.randint(420, 780)
            pen.poly([(x - 12, 70), (x + 12, 70), (target + 130, 600), (target - 130, 600)],
                     (255, 236, 200, 26))
            pen.ellipse(target - 140, 560, target + 140, 640, (255, 236, 200, 46))
    else:
        pen.rect(0, 500, 1200, 675, (203, 191, 169))
        pen.rect(0, 494, 1200, 504, (180, 166, 144))
        frames = [(120, 140, 380, 420), (470, 100, 730, 440), (820, 170, 1080, 400)]
        palette = [CLAY, OCHRE, TEAL, SLATE, SAGE, PLUM]
        for x0, y0, x1, y1 in frames:
            pen.rect(x0 - 16, y0 - 16, x1 + 16, y1 + 16, (58, 52, 48))
            pen.rect(x0, y0, x1, y1, PAPER)
            for _ in range(rng.randint(3, 5)):
                colour = rng.choice(palette)
                r = rng.randint(25, 80)
                cx, cy = rng.randint(x0 + r, x1 - r), rng.randint(y0 + r, y1 - r)
                if rng.random() < 0.5:
                    pen.circle(cx, cy, r, fill=_rgba(colour, 210))
                else:
                    pen.rect(cx - r, cy - r // 2, cx + r, cy + r // 2, _rgba(colour, 210))
            pen.glow((x0 + x1) / 2, y0 - 40, 30, (255, 246, 220), 40)
        pen.rect(430, 560, 770, 585, (70, 60, 54), radius=6)
        for x in (450, 740):
            pen.rect(x, 585, x + 12, 630, (70, 60, 54))


def _fields(pen, rng, variant):
    """Fields to the horizon under a big sky; a grain elevator on one."""
    horizon = 330
    pen.glow(rng.randint(200, 1000), 170, 60, (255, 240, 200), 90)
    colours = [(224, 184, 79), (138, 163, 90), (230, 165, 50), (166, 124, 82), (196, 176, 96)]
    vanish = (rng.randint(450, 750), horizon - 40)
    pen.rect(0, horizon - 40, 1200, 675, colours[variant % len(colours)])
    xs = sorted({-1400, 2600, *(rng.randint(-1200, 2400) for _ in range(9))})
    for i, (a, b) in enumerate(zip(xs, xs[1:], strict=False)):
        pen.poly([vanish, (a, 675), (b, 675)], colours[(i + variant) % len(colours)])
    pen.rect(0, horizon - 40, 1200, horizon + 4, (150, 160, 110))
    for y in range(horizon + 20, 675, 26):
        pen.line([(0, y), (1200, y)], _rgba(INK, 10), 2)
    for x in range(0, 1200, 26):
        r = rng.randint(10, 20)
        pen.circle(x, horizon - 40 - r * 0.4, r, fill=(88, 112, 76))
    if variant % 2:
        x = rng.randint(150, 900)
        for k in range(4):
            pen.rect(x + k * 46, 150, x + k * 46 + 40, 330, (214, 206, 190))
            pen.ellipse(x + k * 46, 138, x + k * 46 + 40, 162, (214, 206, 190))
        pen.rect(x + 190, 100, x + 250, 330, (196, 188, 172))
        pen.poly([(x + 186, 100), (x + 220, 70), (x + 254, 100)], (176, 168, 152))


def _pylon(pen, x, base, height, colour, width):
    """A lattice pylon; returns where its three wires hang."""
    half = height * 0.16
    top = base - height
    left, right = [(x - half, base), (x - half * 0.25, top)], [(x + half, base),
                                                              (x + half * 0.25, top)]
    pen.line(left, colour, width)
    pen.line(right, colour, width)
    for k in range(8):
        t0, t1 = k / 8, (k + 1) / 8
        a = (left[0][0] + (left[1][0] - left[0][0]) * t0, base - height * t0)
        b = (right[0][0] + (right[1][0] - right[0][0]) * t1, base - height * t1)
        c = (right[0][0] + (right[1][0] - right[0][0]) * t0, base - height * t0)
        d = (left[0][0] + (left[1][0] - left[0][0]) * t1, base - height * t1)
        pen.line([a, b], colour, width * 0.5)
        pen.line([c, d], colour, width * 0.5)
    arms = []
    for k, span in ((0.72, 0.55), (0.88, 0.4)):
        y = base - height * k
        pen.line([(x - height * span * 0.45, y), (x + height * span * 0.45, y)], colour, width)
        arms += [(x - height * span * 0.45, y + 12), (x + height * span * 0.45, y + 12)]
    return arms


def _energy(pen, rng, variant):
    """Power lines across the country, or a power plant's cooling towers."""
    if variant % 2 == 0:
        pen.poly([(0, 560), *[(x, 540 + 30 * math.sin(x / 170)) for x in range(0, 1201, 40)],
                  (1200, 675), (0, 675)], (118, 140, 122))
        pylons = [(140, 600, 470), (560, 565, 300), (860, 548, 200), (1060, 540, 140)]
        arms = [_pylon(pen, x, base, h, (52, 62, 80), 5 if h > 250 else 3.5)
                for x, base, h in pylons]
        for near, far in zip(arms, arms[1:], strict=False):
            for (x0, y0), (x1, y1) in zip(near, far, strict=False):
                sag = 30
                points = [(x0 + (x1 - x0) * t / 20,
                           y0 + (y1 - y0) * t / 20 + sag * math.sin(math.pi * t / 20))
                          for t in range(21)]
                pen.line(points, (40, 48, 62, 200), 2)
    else:
        pen.rect(0, 560, 1200, 675, (104, 118, 110))
        for x, w, h in ((300, 220, 330), (580, 240, 360)):
            top = 560 - h
            left = [(x - w / 2 + w * 0.18 * math.sin(math.pi * t / 10), top + h * t / 10)
                    for t in range(11)]
            right = [(x + w / 2 - w * 0.18 * math.sin(math.pi * t / 10), top + h * t / 10)
                     for t in range(11)]
            pen.poly([*left, *right[::-1]], (196, 194, 186))
            pen.poly([*left, *[(px + w * 0.12, py) for px, py in left[::-1]]], (178, 176, 168))
            _plume(pen, x, top - 10, (255, 255, 255), 26)
        pen.rect(850, 250, 880, 560, (150, 146, 140))
        pen.rect(930, 380, 1120, 560, (132, 138, 140))
        _pylon(pen, 1080, 600, 260, (52, 62, 80), 4)


def _refinery(pen, rng, variant):
    """Storage tanks, columns and a flare stack, with a plume of smoke."""
    ground = 560
    pen.rect(0, ground, 1200, 675, (70, 76, 86) if variant % 2 else (112, 116, 110))
    steel = (160, 166, 172) if variant % 2 == 0 else (78, 86, 104)
    shade = _mix(steel, INK, 0.25)
    for x in (120, 330, 900):
        pen.rect(x, 420, x + 170, ground, steel)
        pen.ellipse(x, 400, x + 170, 440, shade)
        for y in range(440, ground, 30):
            pen.line([(x, y), (x + 170, y)], _rgba(INK, 30), 2)
    for x, h in ((560, 360), (620, 300), (700, 410)):
        pen.rect(x, ground - h, x + 36, ground, shade)
        for y in range(ground - h + 20, ground, 40):
            pen.rect(x - 8, y, x + 44, y + 6, steel)
    pen.line([(520, 470), (900, 470)], shade, 8)
    pen.line([(300, 500), (560, 500)], shade, 8)
    pen.rect(800, 170, 814, ground, shade)
    pen.glow(807, 150, 26, (255, 170, 80), 120)
    pen.ellipse(795, 120, 819, 170, (255, 190, 100))
    _plume(pen, 807, 110, (120, 120, 126), 18)


def _plume(pen, x, y, colour, alpha):
    """A soft plume drifting right: many faint overlapping puffs."""
    for k in range(18):
        t = k / 17
        r = 30 + 70 * t
        pen.circle(x + 260 * t * t + 20 * math.sin(k), y - 200 * t, r, fill=(*colour, alpha))


def _port(pen, rng, variant):
    """The sea with a tanker or a bulk carrier; cranes or silos on the quay."""
    horizon = 390
    pen.rect(0, horizon, 1200, 675, (58, 92, 112) if variant % 2 == 0 else (40, 62, 86))
    for y in range(horizon + 12, 675, 18):
        for x in range(rng.randint(-40, 0), 1200, 90):
            pen.line([(x, y), (x + rng.randint(20, 50), y)], (255, 255, 255, 40), 2)
    hull = (46, 52, 66)
    x0 = rng.randint(380, 560)
    pen.poly([(x0, 450), (x0 + 560, 450), (x0 + 530, 505), (x0 + 20, 505)], hull)
    pen.rect(x0 + 10, 440, x0 + 550, 452, CLAY)
    pen.rect(x0 + 440, 370, x0 + 520, 442, (230, 226, 216))
    pen.rect(x0 + 455, 345, x0 + 505, 372, (230, 226, 216))
    pen.rect(x0 + 500, 330, x0 + 512, 372, hull)
    for k in range(5):
        pen.rect(x0 + 60 + k * 72, 432, x0 + 110 + k * 72, 442, (86, 92, 106))
    pen.poly([(x0 + 20, 505), (x0 + 530, 505), (x0 + 500, 540), (x0 + 50, 540)], (0, 0, 0, 35))
    quay = (64, 70, 84)
    pen.rect(0, 480, 300, 675, quay)
    if variant % 2 == 0:
        for x in (40, 170):
            pen.rect(x, 200, x + 14, 480, OCHRE)
            pen.rect(x + 80, 200, x + 94, 480, OCHRE)
            pen.rect(x - 20, 200, x + 260, 218, OCHRE)
            pen.line([(x + 7, 200), (x + 47, 150), (x + 87, 200)], OCHRE, 8)
    else:
        for k in range(5):
            pen.rect(20 + k * 54, 230, 68 + k * 54, 480, (206, 198, 182))
            pen.ellipse(20 + k * 54, 218, 68 + k * 54, 242, (206, 198, 182))


def _city(pen, rng, variant):
    """Apartment blocks and trees along a street; in winter, snow on the roofs."""
    snow = variant % 2 == 1
    _skyline(pen, rng, 360, (176, 184, 198) if not snow else (160, 170, 188),
             tall=(60, 150), width=(80, 160))
    x = -20
    wall = [(222, 208, 186), (206, 196, 180), (190, 200, 204)]
    while x < 1220:
        w, h = rng.randint(170, 260), rng.randint(200, 330)
        top = 580 - h
        colour = rng.choice(wall)
        pen.rect(x, top, x + w, 600, colour)
        pen.rect(x, top, x + w, top + 10, (250, 250, 252) if snow else _mix(colour, INK, 0.3))
        for wy in range(top + 26, 560, 34):
            for wx in range(x + 16, x + w - 24, 30):
                lit = rng.random() < (0.25 if snow or variant == 2 else 0.08)
                pen.rect(wx, wy, wx + 16, wy + 20, (242, 200, 120) if lit else
                         _mix(colour, SLATE, 0.45))
        x += w + rng.randint(20, 50)
    pen.rect(0, 590, 1200, 675, (236, 238, 240) if snow else (120, 124, 130))
    pen.rect(0, 626, 1200, 632, _rgba(PAPER, 120))
    for x in range(30, 1200, rng.randint(110, 150)):
        pen.rect(x - 4, 540, x + 4, 600, (86, 70, 58))
        pen.circle(x, 525, 34, fill=(240, 242, 246) if snow else (110, 138, 104))
    if snow:
        for _ in range(160):
            pen.circle(rng.randint(0, 1200), rng.randint(0, 675), rng.choice([2, 2.5, 3]),
                       fill=(255, 255, 255, 170))


def _rail(pen, rng, variant):
    """A train crossing the country, catenary above, hills behind."""
    pen.poly([(0, 430), *[(x, 400 + 40 * math.sin(x / 210 + variant)) for x in range(0, 1201, 40)],
              (1200, 675), (0, 675)], (124, 146, 120) if variant % 2 == 0 else (76, 92, 96))
    pen.rect(0, 520, 1200, 675, (150, 140, 124) if variant % 2 == 0 else (96, 92, 90))
    pen.line([(0, 522), (1200, 522)], (70, 66, 62), 4)
    for x in range(40, 1200, 220):
        pen.rect(x, 250, x + 8, 522, (70, 76, 88))
        pen.rect(x - 30, 262, x + 38, 268, (70, 76, 88))
    pen.line([(0, 285), (1200, 285)], (50, 56, 66), 2)
    body, stripe = (224, 226, 222), (0, 87, 168)
    x = rng.randint(-100, 40)
    for k in range(4):
        pen.rect(x + k * 300, 380, x + k * 300 + 290, 510, body, radius=14)
        pen.rect(x + k * 300, 470, x + k * 300 + 290, 486, stripe)
        for wx in range(x + k * 300 + 20, x + k * 300 + 270, 44):
            pen.rect(wx, 405, wx + 30, 440, (60, 74, 96) if variant % 2 == 0 else (242, 200, 120),
                     radius=4)
        for wx in (x + k * 300 + 50, x + k * 300 + 240):
            pen.circle(wx, 512, 12, fill=(40, 40, 44))
    nose = x + 1200
    pen.poly([(nose - 10, 380), (nose + 40, 410), (nose + 70, 510), (nose - 10, 510)], body)
    pen.line([(x + 500, 380), (x + 560, 300), (x + 600, 285)], (50, 56, 66), 3)


# The topics and their variants: how each is drawn, its sky, and the caption it takes.
_T = namedtuple("_T", "draw skies captions")
TOPICS = {
    "front": _T(_map, [(PAPER, SAND)] * 3, [
        Picture("The front line on a map", "Лінія фронту на мапі"),
        Picture("Map of the fighting", "Мапа бойових дій"),
        Picture("The front and the towns near it", "Фронт і прифронтові міста")]),
    "air": _T(_sky, [((14, 24, 48), (52, 70, 104)), ((22, 30, 58), (120, 92, 100)),
                     ((10, 30, 46), (40, 92, 104))], [
        Picture("Air defence at work over a city at night",
                "Робота протиповітряної оборони над нічним містом"),
        Picture("A night of air raid alerts", "Ніч повітряних тривог"),
        Picture("Interceptor trails over the city", "Сліди ракет-перехоплювачів над містом")]),
    "parliament": _T(_parliament, [(PAPER, SAND), ((236, 232, 224), (214, 210, 200)),
                                   ((232, 236, 236), (206, 214, 214))], [
        Picture("The parliament chamber", "Сесійна зала парламенту"),
        Picture("Seats in parliament by faction", "Місця в парламенті за фракціями"),
        Picture("The hemicycle of the chamber", "Амфітеатр сесійної зали")]),
    "chart": _T(_chart, [(PAPER, SAND), ((28, 36, 58), (46, 58, 88)),
                         ((236, 238, 234), (214, 222, 214))], [
        Picture("The figures behind the story", "Цифри, що стоять за новиною"),
        Picture("Economic indicators", "Економічні показники"),
        Picture("The trend in figures", "Тенденція в цифрах")]),
    "capital": _T(_capital, [((160, 186, 210), (244, 222, 190)),
                             ((104, 110, 150), (236, 170, 140)),
                             ((190, 210, 226), (232, 236, 236))], [
        Picture("A European capital at dawn", "Європейська столиця на світанку"),
        Picture("Government quarter at dusk", "Урядовий квартал у сутінках"),
        Picture("Government buildings in a European capital",
                "Урядові будівлі європейської столиці")]),
    "stage": _T(_stage, [((40, 28, 40), (70, 44, 56)), ((238, 232, 220), (226, 218, 204)),
                         ((20, 28, 44), (40, 56, 80))], [
        Picture("A theatre stage before the premiere", "Театральна сцена перед прем'єрою"),
        Picture("An exhibition hall", "Виставкова зала"),
        Picture("A concert stage", "Концертна сцена")]),
    "fields": _T(_fields, [((168, 196, 220), (246, 232, 204)),
                           ((184, 200, 214), (240, 220, 180)),
                           ((150, 186, 214), (236, 226, 196))], [
        Picture("Fields in central Ukraine", "Поля в центральній Україні"),
        Picture("A grain elevator in the fields", "Елеватор серед полів"),
        Picture("Farmland before the harvest", "Поля перед жнивами")]),
    "energy": _T(_energy, [((150, 180, 206), (238, 224, 204)),
                           ((176, 190, 204), (228, 218, 206)),
                           ((96, 104, 140), (234, 176, 136))], [
        Picture("High-voltage power lines", "Високовольтні лінії електропередачі"),
        Picture("A power plant", "Електростанція"),
        Picture("Power lines at sunset", "Лінії електропередачі на заході сонця")]),
    "refinery": _T(_refinery, [((170, 176, 186), (232, 214, 190)), ((22, 28, 48), (80, 60, 70)),
                               ((120, 118, 140), (226, 180, 150))], [
        Picture("An oil refinery", "Нафтопереробний завод"),
        Picture("An oil refinery at night", "Нафтопереробний завод уночі"),
        Picture("An oil refinery at dusk", "Нафтопереробний завод у сутінках")]),
    "sea": _T(_port, [((170, 196, 216), (236, 226, 210)), ((96, 110, 140), (210, 170, 150)),
                      ((120, 130, 160), (230, 190, 160))], [
        Picture("A tanker at sea", "Танкер у морі"),
        Picture("A ship off a grain terminal", "Судно біля зернового терміналу"),
        Picture("A port at dusk", "Порт у сутінках")]),
    "city": _T(_city, [((176, 200, 222), (236, 230, 220)), ((170, 182, 200), (222, 226, 234)),
                       ((90, 100, 140), (220, 170, 150))], [
        Picture("A residential street", "Житловий квартал"),
        Picture("A city street in winter", "Міська вулиця взимку"),
        Picture("A city street in the evening", "Міська вулиця ввечері")]),
    "rail": _T(_rail, [((176, 200, 222), (240, 226, 204)), ((40, 48, 80), (190, 120, 110)),
                       ((200, 214, 226), (236, 232, 220))], [
        Picture("A passenger train", "Пасажирський потяг"),
        Picture("An evening train", "Вечірній потяг"),
        Picture("A train on the line", "Потяг у дорозі")]),
}
VARIANTS = 3  # per topic


def draw(topic, variant, seed=1):
    """JPEG bytes of one variant of a topic's illustration: the same arguments, the same
    picture. It is given no caption and draws no text."""
    spec = TOPICS[topic]
    rng = random.Random(f"{seed}:{topic}:{variant}")
    top, bottom = spec.skies[variant % len(spec.skies)]
    pen = Pen(SIZE, top, bottom)
    spec.draw(pen, rng, variant)
    return _jpeg(pen.finish())


def portrait(key, feminine, seed=1):
    """JPEG bytes of an illustrated head-and-shoulders portrait on a coloured ground, drawn
    from ``key`` (the author's name): no face, no initials, no text."""
    rng = random.Random(f"{seed}:portrait:{key}")
    grounds = [(196, 212, 208), (222, 206, 186), (200, 206, 224), (226, 200, 196),
               (210, 220, 196), (216, 206, 222)]
    ground = rng.choice(grounds)
    pen = Pen(PORTRAIT_SIZE, _mix(ground, (255, 255, 255), 0.25), ground)
    skin = rng.choice([(236, 200, 172), (226, 186, 152), (210, 168, 134), (240, 212, 188)])
    hair = rng.choice([(58, 42, 34), (92, 64, 44), (140, 104, 70), (196, 160, 110), (40, 36, 38),
                       (120, 116, 112)])
    cloth = rng.choice([SLATE, TEAL, PLUM, CLAY, (70, 92, 80), INK])
    cx, head_y = 240, 215
    neck = _mix(skin, INK, 0.12)
    long_hair = feminine and rng.random() < 0.75
    if long_hair:  # falls behind the shoulders
        pen.rect(cx - 96, head_y - 70, cx + 96, head_y + 165, hair, radius=70)
    pen.ellipse(cx - 175, 352, cx + 175, 650, cloth)
    pen.rect(cx - 34, head_y + 50, cx + 34, 380, neck)
    pen.poly([(cx - 58, 358), (cx, 426), (cx + 58, 358)], neck)
    if not feminine and rng.random() < 0.6:  # a shirt collar
        pen.poly([(cx - 60, 356), (cx - 6, 426), (cx - 38, 438), (cx - 82, 368)], PAPER)
        pen.poly([(cx + 60, 356), (cx + 6, 426), (cx + 38, 438), (cx + 82, 368)], PAPER)
    if not long_hair:  # ears
        pen.ellipse(cx - 90, head_y - 6, cx - 62, head_y + 40, skin)
        pen.ellipse(cx + 62, head_y - 6, cx + 90, head_y + 40, skin)
    # The hair behind the head, the face, then the hair over the forehead: swept to one side.
    grow = 10 if feminine else 0
    pen.ellipse(cx - 86 - grow, head_y - 112 - grow, cx + 86 + grow, head_y + 20 + 3 * grow,
                hair)
    face = [(cx + 78 * math.cos(a), head_y + 4 + 100 * math.sin(a))
            for a in (i * math.pi / 24 for i in range(48))]
    pen.poly(face, skin)
    low, high = head_y - rng.randint(26, 40), head_y - rng.randint(54, 70)
    left, right = (low, high) if rng.random() < 0.5 else (high, low)
    hairline = [(cx - 100 + 200 * t / 12, left + (right - left) * t / 12 + 12 * math.sin(
        math.pi * t / 12)) for t in range(13)]
    pen.masked(face, lambda layer: layer.poly(
        [(cx - 100, head_y - 200), (cx + 100, head_y - 200), *hairline[::-1]], hair))
    if not feminine and rng.random() < 0.3:  # a beard
        pen.masked(face, lambda layer: layer.poly(
            [(cx - 100, head_y + 40), (cx - 40, head_y + 58), (cx + 40, head_y + 58),
             (cx + 100, head_y + 40), (cx + 100, head_y + 200), (cx - 100, head_y + 200)],
            hair))
    if feminine and not long_hair:  # a bun
        pen.circle(cx, head_y - 118, 34, fill=hair)
    return _jpeg(pen.finish(grain=4))


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, optimize=True)
    return buffer.getvalue()
