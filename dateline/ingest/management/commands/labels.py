"""``dateline labels add|list|remove|map|unmap``: an edition's labels, and the genres and
categories of ingested feeds that stand for them (``LabelMapping``). Here, with ingest, since
the mappings are ingest's; the labels themselves are the newsroom's."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify

from dateline.newsroom.management.operator import OperatorCommand
from dateline.newsroom.models import Article, Edition, Label
from dateline.newsroom.provisioning import Outcome, Refused, find_edition

from ...models import LabelMapping


def find_label(edition, name):
    """The edition's label named ``name`` (letter case ignored) or with that slug."""
    label = Label.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name, allow_unicode=True)),
                                 edition=edition).first()
    if label is None:
        names = ", ".join(Label.objects.filter(edition=edition).values_list("name", flat=True))
        raise Refused([f"edition {edition.code!r} has no label {name!r} (it has: "
                       f"{names or 'none yet'}); add it with `dateline labels add "
                       f"{edition.code} {name!r}`"])
    return label


def _errors(error):
    return [f"{field}: {message}" if field != "__all__" else message
            for field, messages in error.message_dict.items() for message in messages]


class Command(OperatorCommand):
    help = ("An edition's labels (Exclusive, Opinion, ...) and the source terms that ingest "
            "maps to them (a feed's genre or category, letter case ignored).")
    subcommands = {
        "list": "The labels of each edition (or of one) and the source terms mapped to them.",
        "add": "Add labels to an edition; those it has already are left as they are.",
        "remove": "Remove a label (from its articles too: --force when it is in use).",
        "map": "Map a source term (e.g. Opinion, or http://cv.iptc.org/newscodes/genre/"
               "Opinion) to a label of the edition: ingested items with it get the label.",
        "unmap": "Remove a source term's mapping.",
    }

    def add_list_arguments(self, parser):
        parser.add_argument("edition", nargs="?", help="An edition's code (default: all).")

    def add_add_arguments(self, parser):
        parser.add_argument("edition", help="The edition's code.")
        parser.add_argument("names", nargs="+", metavar="name", help="A label's name.")

    def add_remove_arguments(self, parser):
        parser.add_argument("edition", help="The edition's code.")
        parser.add_argument("name", help="The label's name or slug.")
        parser.add_argument("--force", action="store_true",
                            help="Remove it even from the articles that carry it.")

    def add_map_arguments(self, parser):
        parser.add_argument("edition", help="The edition's code.")
        parser.add_argument("source_term", metavar="source-term",
                            help="The genre or category as feeds write it.")
        parser.add_argument("label", help="The label's name or slug.")
        parser.add_argument("--replace", action="store_true",
                            help="Map the term to this label even if it is mapped to another.")

    def add_unmap_arguments(self, parser):
        parser.add_argument("edition", help="The edition's code.")
        parser.add_argument("source_term", metavar="source-term")

    def do_list(self, edition=None, **options):
        editions = [find_edition(edition)] if edition else list(Edition.objects.all())
        if not editions:
            self.stdout.write("No edition yet: `dateline newsroom init` makes the first.")
        for each in editions:
            # Sorted here: the databases' collations order letter case differently.
            labels = sorted(Label.objects.filter(edition=each),
                            key=lambda label: label.name.casefold())
            mapped = {}
            for mapping in LabelMapping.objects.filter(edition=each):
                mapped.setdefault(mapping.label_id, []).append(mapping.source_term)
            self.stdout.write(f"{each.code}: {len(labels)} label(s)")
            for label in labels:
                terms = ", ".join(repr(term) for term in sorted(mapped.get(label.pk, []),
                                                                key=str.casefold))
                self.stdout.write(f"  {label.name} ({label.slug})"
                                  + (f" <- {terms}" if terms else ""))

    def do_add(self, edition, names, **options):
        edition = find_edition(edition)
        outcome, problems, made = Outcome(), [], []
        for name in names:
            existing = Label.objects.filter(edition=edition, name__iexact=name.strip()).first()
            if existing is not None:
                outcome.kept.append(f"label {existing.name!r}")
                continue
            label = Label(edition=edition, name=name.strip())
            try:
                label.full_clean()
            except ValidationError as error:
                problems += [f"label {name!r}: {line}" for line in _errors(error)]
                continue
            made.append(label)
        if problems:
            raise Refused(problems)
        for label in made:
            label.save()
            outcome.done.append(f"added label {label.name!r} ({label.slug}) to {edition.code}")
        self.report(outcome, f"exist(s) in {edition.code}")

    def do_remove(self, edition, name, force, **options):
        label = find_label(find_edition(edition), name)
        used = Article.objects.filter(labels=label).count()
        if used and not force:
            raise Refused([f"label {label.name!r} is on {used} article(s); --force removes it "
                           "from them too"])
        label.delete()
        self.stdout.write(self.style.SUCCESS(
            f"Removed label {label.name!r} from {edition}"
            + (f" and from {used} article(s)." if used else ".")))

    def do_map(self, edition, source_term, label, replace, **options):
        edition = find_edition(edition)
        label = find_label(edition, label)
        term = source_term.strip()
        mapping = LabelMapping.objects.filter(edition=edition, source_term__iexact=term).first()
        outcome = Outcome()
        if mapping is not None and mapping.label_id == label.pk:
            outcome.kept.append(f"{mapping.source_term!r} -> {label.name!r}")
            return self.report(outcome, f"in {edition.code}")
        if mapping is not None and not replace:
            raise Refused([f"{mapping.source_term!r} is mapped to {mapping.label.name!r} in "
                           f"{edition.code}; --replace maps it to {label.name!r} instead"])
        mapping = mapping or LabelMapping(edition=edition, source_term=term)
        mapping.label = label
        try:
            mapping.full_clean()
        except ValidationError as error:
            raise Refused(_errors(error)) from None
        mapping.save()
        outcome.done.append(f"mapped {term!r} to label {label.name!r} in {edition.code}")
        self.report(outcome, "")

    def do_unmap(self, edition, source_term, **options):
        edition = find_edition(edition)
        deleted, _ = LabelMapping.objects.filter(
            edition=edition, source_term__iexact=source_term.strip()).delete()
        if not deleted:
            self.stdout.write(f"Nothing to change: {source_term!r} is not mapped in "
                              f"{edition.code}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Unmapped {source_term!r} in {edition.code}."))
