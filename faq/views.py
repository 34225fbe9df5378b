from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.generic import ListView

from faq.models import FaqItem
from geo.markdown import render_markdown
from geo.seo import PageMeta, alternates


class SiteFaqView(ListView):
    template_name = "faq/faq_list.html"
    context_object_name = "faq_items"

    def get_queryset(self):
        return FaqItem.objects.site_wide()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The first answer as plain text (answers are Markdown).
        first = strip_tags(render_markdown(self.object_list[0].answer)) if self.object_list else ""
        context["meta"] = PageMeta(
            title=_("Frequently asked questions"),
            description=first,
            canonical=reverse("faq:site"),
            alternates=alternates(lambda: reverse("faq:site")),
        )
        return context
