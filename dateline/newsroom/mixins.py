"""What several newsroom models do the same way, each as a mixin in Wagtail's manner.

- ``CleanTextMixin``: the text fields named in ``clean_text_fields`` lose control and
  bidirectional-override characters on every save (``text.clean_text``).
- ``SlugFromNameMixin``: an empty ``slug`` is made from ``name`` when the model is cleaned
  (so a clash is a form error, not a crash) and again when it is saved (for code that saves
  without cleaning).

Neither adds a field, so they are plain classes and leave migrations alone.
"""

from .text import clean_text, slug_for


class CleanTextMixin:
    clean_text_fields = ()

    def clean_text_fields_now(self):
        for name in self.clean_text_fields:
            setattr(self, name, clean_text(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.clean_text_fields_now()
        super().save(*args, **kwargs)


class SlugFromNameMixin:
    def fill_slug(self):
        if not self.slug:
            self.slug = self.slug_for(self.name)

    @classmethod
    def slug_for(cls, name):
        return slug_for(name, cls._meta.get_field("slug").max_length)

    def clean(self):
        super().clean()
        self.fill_slug()

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)
