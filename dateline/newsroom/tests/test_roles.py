"""The roles the migrations create, and what each may do."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowContentType
from wagtail.permissions import policy_registry

from dateline.newsroom.models import Article
from dateline.newsroom.roles import ROLES

pytestmark = pytest.mark.django_db

# What each role may do to an article it does not own, and to one it owns.
EXPECTED = {
    "reporter": {"change": False, "publish": False, "lock": False, "retract": False,
                 "own_change": True},
    "editor": {"change": True, "publish": True, "lock": True, "retract": False,
               "own_change": True},
    "chief": {"change": True, "publish": True, "lock": True, "retract": True,
              "own_change": True},
    "administrator": {"change": True, "publish": True, "lock": True, "retract": True,
                      "own_change": True},
}


def test_the_four_roles_exist():
    """Reporter, Editor, Chief editor and Administrator are created by migration."""
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_can_do_exactly_its_share(request, role, make_draft, other_reporter):
    """Each role's rights on someone else's article and on its own, as the desk promises."""
    user = request.getfixturevalue(role)
    policy = policy_registry.get_by_type(Article)
    theirs = make_draft("Theirs", owner=other_reporter)
    own = make_draft("Own", owner=user)
    got = {action: policy.user_has_permission_for_instance(user, action, theirs)
           for action in ("change", "publish", "lock", "retract")}
    got["own_change"] = policy.user_has_permission_for_instance(user, "change", own)
    assert got == EXPECTED[role]


def test_reporters_see_only_their_own_articles_as_editable(reporter, make_draft,
                                                            other_reporter):
    """The desk lists a reporter's own articles as theirs to edit."""
    mine = make_draft("Mine", owner=reporter)
    make_draft("Theirs", owner=other_reporter)
    policy = policy_registry.get_by_type(Article)
    assert list(policy.instances_user_has_permission_for(reporter, "change")) == [mine]


def test_administrators_hold_every_permission(administrator):
    """Administrators can do everything, including what other apps add later."""
    for perm in ("newsroom.retract_article", "wagtailcore.add_workflow", "auth.change_user",
                 "newsroom.unlock_article"):
        assert administrator.has_perm(perm)


def test_articles_go_through_the_review_workflow():
    """Articles are bound to the newsroom review workflow, approved by editors."""
    workflow = WorkflowContentType.objects.get(content_type__model="article").workflow
    task = workflow.tasks.get().specific
    assert {group.name for group in task.groups.all()} == {"Editor", "Chief editor"}
