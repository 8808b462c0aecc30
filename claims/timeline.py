"""A time axis drawn on the server: events in lanes, laid out as SVG coordinates for a template.

Each event is a partial date: a day is drawn as a dot, a month or a year as a bar
spanning the period, so a date known only to the year does not look exact. The
drawing is an image (role="img"): it holds no links, since assistive technology
does not reach links inside an image; every mark is listed with its link beside it.
"""
import datetime
from dataclasses import dataclass, field

WIDTH = 1000
MARGIN = 16
ROW = 14  # height of one row of markers inside a lane
LANE_LABEL = 20  # space above each lane for its label
AXIS = 30  # height of the year axis at the bottom
MAX_ROWS = 5


@dataclass
class Event:
    date: datetime.date
    precision: str
    label: str  # the marker's tooltip; the list beside the drawing says the same in words
    href: str
    lane: int
    number: int | None = None  # drawn beside the mark, to find it in a numbered list (key events)


@dataclass
class Mark:
    x: float
    y: float
    width: float  # 0 for a day: drawn as a dot
    label: str
    href: str
    number: int | None = None

    @property
    def is_point(self):
        return self.width == 0


@dataclass
class Lane:
    label: str
    css: str
    y: float = 0
    height: float = 0
    marks: list = field(default_factory=list)


@dataclass
class Timeline:
    lanes: list
    ticks: list  # (x, year label, year)
    height: float
    width: int = WIDTH
    axis_y: float = 0
    start_year: int = 0
    end_year: int = 0

    @property
    def is_empty(self):
        return not any(lane.marks for lane in self.lanes)

    @property
    def summary(self):
        """What the drawing shows, in words: 'Talking points: 12; Counterclaims: 30'."""
        return "; ".join(f"{lane.label}: {len(lane.marks)}" for lane in self.lanes)


def _period_end(date, precision):
    if precision == "year":
        return datetime.date(date.year + 1, 1, 1)
    if precision == "month":
        return datetime.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
    return date + datetime.timedelta(days=1)


def build(lane_specs, events):
    """Lay out `events` (Event) in lanes given as (label, css class) pairs; undated events are left out."""
    events = [event for event in events if event.date is not None]
    lanes = [Lane(label, css) for label, css in lane_specs]
    if not events:
        return Timeline(lanes=lanes, ticks=[], height=0)
    start_year = min(event.date.year for event in events)
    end_year = max(_period_end(event.date, event.precision).year for event in events)
    end_year = max(end_year, start_year + 1)
    if _period_end(max(events, key=lambda e: e.date).date, "day") > datetime.date(end_year, 1, 1):
        end_year += 1
    start, end = datetime.date(start_year, 1, 1), datetime.date(end_year, 1, 1)
    span = (end - start).days
    scale = (WIDTH - 2 * MARGIN) / span

    def x_of(date):
        return MARGIN + (date - start).days * scale

    y = 0
    for index, lane in enumerate(lanes):
        rows_end = []  # right edge of the last mark in each row
        placed = []
        for event in sorted((e for e in events if e.lane == index), key=lambda e: e.date):
            x = x_of(event.date)
            width = 0 if event.precision == "day" else max(x_of(_period_end(event.date, event.precision)) - x, 3)
            left, right = x - 4, x + max(width, 4)
            row = next((r for r, edge in enumerate(rows_end) if edge < left), None)
            if row is None:
                row = len(rows_end) if len(rows_end) < MAX_ROWS else min(range(MAX_ROWS), key=rows_end.__getitem__)
                if row == len(rows_end):
                    rows_end.append(right)
            rows_end[row] = max(rows_end[row], right)
            placed.append((event, x, width, row))
        lane.y = y
        lane.height = LANE_LABEL + max(len(rows_end), 1) * ROW + 6
        for event, x, width, row in placed:
            lane.marks.append(Mark(x=round(x, 1), y=y + LANE_LABEL + row * ROW + ROW / 2, width=round(width, 1),
                                   label=event.label, href=event.href, number=event.number))
        y += lane.height
    step = 1 if end_year - start_year <= 8 else 2 if end_year - start_year <= 16 else 5
    ticks = [(round(x_of(datetime.date(year, 1, 1)), 1), str(year), year)
             for year in range(start_year, end_year + 1) if (year - start_year) % step == 0]
    return Timeline(lanes=lanes, ticks=ticks, height=y + AXIS, axis_y=y + 4, start_year=start_year,
                    end_year=end_year)


def remark_events(remarks, lane):
    """One event per remark: who said it, when, in which words."""
    return [Event(r.date, r.date_precision, f"{r.date_display}: {r.speaker}: {r.wording[0][:120]}", r.get_absolute_url(),
                  lane)
            for r in remarks]


def reply_events(reply_nodes, claim_lane, counter_lane):
    """Events for a reply tree (claims.models.reply_trees): counterclaims (odd depth) on one lane, replies
    to them on the other. A counterclaim with no dated remark is placed by the sources that back it."""
    events = []
    for node in (n for top in reply_nodes for n in top.walk()):
        if node.repeat:
            continue
        claim = node.claim
        lane = counter_lane if node.depth % 2 else claim_lane
        href = f"#reply-{claim.slug}"
        dated = [r for r in claim.remarks_shown if r.date]  # reply_trees() prefetched the first ones
        for r in dated:
            events.append(Event(r.date, r.date_precision, f"{r.date_display}: {r.speaker}: {claim.text}", href, lane))
        if not dated:
            for source in (e.source for e in claim.evidence.all() if e.source.published):
                events.append(Event(source.published, source.published_precision,
                                    f"{source.published_display}: {source}: {claim.text}", href, lane))
    return events
