from django.db import models
from django.utils.translation import gettext_lazy as _

from geo.slugs import AsciiSlugField, unique_slug


class FaqItemQuerySet(models.QuerySet):
    def site_wide(self):
        return self.filter(article__isnull=True).order_by("order", "pk")


class FaqItem(models.Model):
    """A question and its short answer, on one article or (no article) site-wide."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="faq_items",
        null=True,
        blank=True,
        verbose_name=_("article"),
        help_text=_("Empty: the question belongs to the site FAQ."),
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown, a few sentences."))
    # The stable fragment id (#faq-…) readers and answer engines link to.
    key = AsciiSlugField(_("anchor"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FaqItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ item")
        verbose_name_plural = _("FAQ items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="faq_key_unique_per_article")
        ]
        # The site FAQ page: questions without an article, in order.
        indexes = [
            models.Index(
                fields=["order", "id"],
                condition=models.Q(article__isnull=True),
                name="faq_site_wide_order",
            )
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.key:
            siblings = FaqItem.objects.filter(article=self.article).exclude(pk=self.pk)
            self.key = unique_slug(
                siblings, self.question_zh_hans or self.question_en, field="key", max_length=56
            )
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"faq-{self.key}"
