"""The newsroom's roles, as Django groups with exactly the permissions each needs.

Used by a data migration, so it works on historical models (``apps``), never on the
real ones.
"""

ROLE_REPORTER = "Reporter"
ROLE_EDITOR = "Editor"
ROLE_CHIEF = "Chief editor"
ROLE_ADMIN = "Administrator"
ROLES = [ROLE_REPORTER, ROLE_EDITOR, ROLE_CHIEF, ROLE_ADMIN]

ADMIN_ACCESS = [("wagtailadmin", "admin", "access_admin")]
VIEW_REFERENCE = [("newsroom", model, "view_" + model)
                  for model in ("author", "section", "label", "edition", "tag")]


def _model_perms(model, actions, app="newsroom"):
    return [(app, model, f"{action}_{model}") for action in actions]


ROLE_PERMISSIONS = {
    # Creates and edits own drafts (add without change: see ArticlePermissionPolicy),
    # submits them for review, adds tags.
    ROLE_REPORTER: ADMIN_ACCESS + VIEW_REFERENCE
    + _model_perms("article", ["add", "view"])
    + _model_perms("tag", ["add"]),
    # Edits everything, publishes, unpublishes, locks (and releases own locks), adds
    # update notes.
    ROLE_EDITOR: ADMIN_ACCESS + VIEW_REFERENCE
    + _model_perms("article", ["add", "change", "delete", "view", "publish", "lock"])
    + _model_perms("tag", ["add", "change"])
    + _model_perms("frontpage", ["add", "change", "view"])
    + [("simple_translation", "simpletranslation", "submit_translation")],
    # Also retracts, breaks other editors' locks, and manages labels, sections, authors, tags and editions.
    ROLE_CHIEF: ADMIN_ACCESS + VIEW_REFERENCE
    + _model_perms("article", ["add", "change", "delete", "view", "publish", "lock", "unlock",
                               "retract"])
    + [perm for model in ("tag", "label", "section", "author", "edition", "frontpage")
       for perm in _model_perms(model, ["add", "change", "delete"])]
    + [("simple_translation", "simpletranslation", "submit_translation")],
}

# Image library rights, per role, on the root collection.
IMAGE_PERMISSIONS = {
    ROLE_REPORTER: ["add_image", "choose_image"],
    ROLE_EDITOR: ["add_image", "change_image", "choose_image"],
    ROLE_CHIEF: ["add_image", "change_image", "delete_image", "choose_image"],
    ROLE_ADMIN: ["add_image", "change_image", "delete_image", "choose_image"],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_roles(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's starter groups would only confuse the newsroom's own roles.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for role, perms in ROLE_PERMISSIONS.items():
        groups[role].permissions.set([_permission(apps, *perm) for perm in perms])
    # Administrators hold every permission there is, now and (via sync_roles) later.
    groups[ROLE_ADMIN].permissions.set(Permission.objects.all())

    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for role, codenames in IMAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[role], collection=root,
                    permission=_permission(apps, "wagtailimages", "image", codename))
    return groups


def create_review_workflow(apps, groups):
    """A reporter submits; an editor or chief editor approves (and publishes) or rejects."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore",
                                                     model="groupapprovaltask")
    task, created = GroupApprovalTask.objects.get_or_create(
        name="Editor's approval", defaults={"content_type": task_type, "active": True})
    task.groups.set([groups[ROLE_EDITOR], groups[ROLE_CHIEF]])
    workflow, _ = Workflow.objects.get_or_create(name="Newsroom review",
                                                 defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task,
                                       defaults={"sort_order": 0})
    article_type, _ = ContentType.objects.get_or_create(app_label="newsroom", model="article")
    WorkflowContentType.objects.update_or_create(content_type=article_type,
                                                 defaults={"workflow": workflow})


def setup_newsroom_roles(apps, schema_editor):
    groups = create_roles(apps, schema_editor)
    create_review_workflow(apps, groups)
