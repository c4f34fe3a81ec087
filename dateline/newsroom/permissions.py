from wagtail.permission_policies.base import OwnershipPermissionPolicy


class ArticlePermissionPolicy(OwnershipPermissionPolicy):
    """Who may do what to an article.

    A reporter (``add_article`` without ``change_article``) edits only the articles they
    created; an editor (``change_article``) edits all. Nothing that has ever been published
    is deleted, except by a superuser: it is retracted instead, so no public URL silently dies.
    """

    def __init__(self, model):
        super().__init__(model, owner_field_name="owner")

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and instance.first_published_at and not user.is_superuser:
            actions = [action for action in actions if action != "delete"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)
