"""Starting a newsroom: its editions and first administrator, from the command line
(``dateline newsroom init``, ``dateline edition add``) and the desk's first-run screen.

Every step can be run again: given the values it already has, it changes nothing and says
so; given values that contradict what is there, it refuses, naming each difference, and
changes nothing at all.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Edition
from .roles import ROLE_ADMIN

# The fields an edition is made with, in the order they are asked for.
EDITION_FIELDS = ["name", "code", "language", "time_zone", "path_prefix", "publication_name"]
# Their command-line flags (the form's errors are reported under these names).
FLAGS = {"name": "--name", "code": "--code", "language": "--language",
         "time_zone": "--time-zone", "path_prefix": "--path-prefix",
         "publication_name": "--publication-name"}


class Refused(Exception):
    """Values that cannot be applied: ``problems`` says each one, ``hints`` how to go on."""

    def __init__(self, problems, hints=()):
        self.problems = list(problems)
        self.hints = list(hints)
        super().__init__("; ".join(self.problems + self.hints))


class EditionForm(forms.ModelForm):
    """A new edition. ``first``: the main edition (``is_default``), served at "/" unless it
    is given a prefix. The publication name is the edition's name unless given."""

    class Meta:
        model = Edition
        fields = EDITION_FIELDS

    def __init__(self, *args, first=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.is_default = first
        self.fields["publication_name"].required = False
        self.fields["publication_name"].help_text = _(
            "The name news aggregators show; the edition's name if left empty.")
        self.fields["time_zone"].initial = settings.DATELINE_DEFAULT_TIME_ZONE
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        self.fields["language"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not one of the site's languages: %(codes)s.") % {
                "value": "%(value)s", "codes": codes}

    def clean_publication_name(self):
        return self.cleaned_data.get("publication_name") or self.data.get("name", "")


def edition_form_errors(form):
    """The form's errors as lines a command prints: "--language: ..."."""
    lines = []
    for name, errors in form.errors.items():
        prefix = f"{FLAGS.get(name, name)}: " if name != "__all__" else ""
        lines += [prefix + str(error) for error in errors]
    return lines


def edition_values(edition):
    return {name: getattr(edition, name) for name in EDITION_FIELDS}


def differences(edition, given):
    """[(field, what it has, what was given)] for each given value that differs."""
    have = edition_values(edition)
    return [(name, have[name], value) for name, value in given.items()
            if value is not None and name in have and str(value) != str(have[name])]


def describe_edition(edition):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    main = ", main edition" if edition.is_default else ""
    return (f"{edition.code}: {edition.name} ({edition.language}, {edition.time_zone}{main}) "
            f"at {base}{edition.root_path}")


def edition_choices():
    """What to say when a command is given an edition code that does not exist."""
    editions = list(Edition.objects.all())
    if not editions:
        return ("There is no edition yet: create the first with `dateline newsroom init "
                "--code CODE --language LANG --name NAME --admin-username USER "
                "--admin-email EMAIL`, or on the desk at /admin/.")
    listed = ", ".join(f"{e.code} ({e.name}, {e.language})" for e in editions)
    return (f"Editions: {listed}. Create another with `dateline edition add --code CODE "
            f"--language LANG --name NAME`.")


def find_edition(code):
    """The edition called ``code``, or ``Refused`` naming the real ones and how to add one."""
    edition = Edition.objects.filter(code=code).first()
    if edition is None:
        raise Refused([f"No edition {code!r}. {edition_choices()}"])
    return edition


@dataclass
class Outcome:
    """What a step did: ``done`` lines for changes, ``kept`` lines for what already was."""

    done: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.done)


def ensure_edition(given, first, outcome):
    """The edition ``given["code"]``: found with the given values, or made from them.

    ``first``: it is the newsroom's first (main) edition, as ``dateline newsroom init``
    makes it; then another main edition is a conflict. Values not given (None) are not
    compared with an existing edition, and take their defaults for a new one.
    """
    code = given.get("code")
    edition = Edition.objects.filter(code=code).first() if code else None
    if edition is not None:
        problems = [f"{FLAGS[name]}: edition {code!r} has {have!r}, not {value!r}"
                    for name, have, value in differences(edition, given)]
        if first and not edition.is_default:
            problems.append(f"edition {code!r} exists but is not the main edition")
        if problems:
            raise Refused(problems, ["Change an edition on the desk (Newsroom > Editions), "
                                     "or give the values it has."])
        outcome.kept.append(f"edition {describe_edition(edition)}")
        return edition
    main = Edition.objects.filter(is_default=True).first()
    if first and main is not None:
        raise Refused([
            f"The newsroom has its main edition already: {describe_edition(main)}. Add "
            f"another with `dateline edition add --code {code} ...`, or run `dateline "
            f"newsroom init --code {main.code}` to check the first one."])
    data = {name: value for name, value in given.items() if value is not None}
    if not first and "path_prefix" not in data and code:
        data["path_prefix"] = code  # /global/ for "global": only the main edition is at "/"
    data.setdefault("time_zone", settings.DATELINE_DEFAULT_TIME_ZONE)
    form = EditionForm(data, first=first or main is None)
    if not form.is_valid():
        raise Refused(edition_form_errors(form))
    edition = form.save()
    outcome.done.append(f"created edition {describe_edition(edition)}")
    return edition


def ensure_administrator(username, email, password, outcome):
    """The user ``username``: a superuser in the Administrator role, made if missing.

    Superuser, because only a superuser may make or change another (see the desk's user
    hooks), and the newsroom's first account must be able to do everything; Administrator,
    because that is the role the desk's permissions and ``DATELINE_REQUIRE_2FA_GROUPS``
    speak of. An existing user with another e-mail or password, or who is no superuser, is
    refused rather than changed. ``password`` None: not compared (an existing user), or
    refused (a new one needs it).
    """
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    group = Group.objects.get(name=ROLE_ADMIN)
    if user is not None:
        problems = []
        if email and user.email.casefold() != email.casefold():
            problems.append(f"--admin-email: user {username!r} has {user.email!r}, not "
                            f"{email!r}")
        if password is not None and not user.check_password(password):
            problems.append(f"the password given is not user {username!r}'s; change it with "
                            f"`dateline changepassword {username}`")
        if not user.is_superuser:
            problems.append(f"user {username!r} exists and is no superuser: choose another "
                            f"--admin-username, or make them one on the desk")
        if not user.is_active:
            problems.append(f"user {username!r} is deactivated")
        if problems:
            raise Refused(problems)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            outcome.done.append(f"put administrator {username!r} in the {ROLE_ADMIN} role")
        else:
            outcome.kept.append(f"administrator {username!r} <{user.email}>")
        return user
    if not email:
        raise Refused([f"--admin-email: needed to create user {username!r}"])
    try:
        validate_email(email)
    except ValidationError:
        raise Refused([f"--admin-email: {email!r} is not an e-mail address"]) from None
    if not password:
        raise Refused([f"a password for the new user {username!r}: set DATELINE_ADMIN_PASSWORD"
                       " or run the command in a terminal to be asked for it"])
    candidate = User(**{User.USERNAME_FIELD: username}, email=email)
    try:
        candidate.full_clean(exclude=["password"])
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        messages = error.messages
        raise Refused([f"the administrator's password or name: {m}" for m in messages]) from None
    user = User.objects.create_superuser(username, email, password)
    user.groups.add(group)
    outcome.done.append(f"created administrator {username!r} <{email}> (superuser, "
                        f"{ROLE_ADMIN} role)")
    return user


def init_newsroom(edition_values, admin=None):
    """``dateline newsroom init``: the main edition and the first administrator, in one
    transaction: a refusal of either leaves both untouched. ``admin``: (username, email,
    password) or None, when a superuser exists already."""
    outcome = Outcome()
    User = get_user_model()
    problems, hints = [], []
    if admin is None and not User.objects.filter(is_superuser=True, is_active=True).exists():
        problems.append("--admin-username and --admin-email: the newsroom has no "
                        "administrator yet, and the desk needs one to sign in")
    steps = [lambda: ensure_edition(edition_values, first=True, outcome=outcome)]
    if admin is not None:
        steps.append(lambda: ensure_administrator(*admin, outcome=outcome))
    with transaction.atomic():
        for step in steps:
            try:
                step()
            except Refused as refused:
                problems += refused.problems
                hints += refused.hints
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise Refused(problems, hints)
    return outcome
