from wagtail.permission_policies.base import ModelPermissionPolicy


class ArticlePermissionPolicy(ModelPermissionPolicy):
    """Who may do what to an article.

    Model permissions decide every action, with two twists:

    - a reporter (``add_article`` without ``change_article``) edits and deletes only the
      articles they own; an editor (``change_article``) edits all;
    - nothing that has ever been published is deleted, except by a superuser: it is
      retracted instead, so no public URL silently dies;
    - whoever may lock may release their own lock; breaking another editor's lock takes
      the ``unlock`` permission (the chief editor's).
    """

    def _has(self, user, action):
        return user.has_perm(self._get_permission_name(action))

    def _owns(self, user, instance):
        return instance.owner_id is not None and instance.owner_id == user.pk

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            # Holding "add" means there may be own articles to edit.
            return self._has(user, action) or self._has(user, "add")
        if action == "unlock":
            return self._has(user, "unlock") or self._has(user, "lock")
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        if action == "delete" and instance.first_published_at:
            return False
        if action in ("change", "delete"):
            return self._has(user, action) or (self._has(user, "add")
                                               and self._owns(user, instance))
        if action == "unlock":
            return self._has(user, "unlock") or (self._has(user, "lock")
                                                 and instance.locked_by_id == user.pk)
        return self._has(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance)
                   for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        articles = self.model._default_manager
        if not user.is_active:
            return articles.none()
        if user.is_superuser or any(self._has(user, action) for action in actions):
            return articles.all()
        if {"change", "delete"} & set(actions) and self._has(user, "add"):
            return articles.filter(owner=user)
        return articles.none()
