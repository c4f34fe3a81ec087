"""The blocks an article body is made of."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

# One allow-list for everything that becomes body HTML: the editor's rich text here,
# and (later) ingested copy, which is sanitized down to the same tags.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text, rendered exactly as Wagtail renders it but without a template for each
    paragraph: Wagtail's is ``{{ html|safe }}``, and finding and running it for every
    paragraph was a third of a live page's render (docs/live.md)."""

    def render_basic(self, value, context=None):
        # What Wagtail's template outputs: the stored rich text (the editor's allow-list,
        # RICH_TEXT_FEATURES) with its links expanded.
        return mark_safe(expand_db_html(value.source))  # noqa: S308


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "newsroom/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)
    credit = blocks.CharBlock(label=_("credit"), required=False,
                              help_text=_("Empty: the image's own credit."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsroom/blocks/figure.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    subheading = blocks.CharBlock(label=_("Subheading"), icon="title",
                                  template="newsroom/blocks/subheading.html")
    quote = QuoteBlock()
    image = FigureBlock()
    embed = EmbedBlock(label=_("Embed"), help_text=_("A YouTube, X or Facebook address."))
