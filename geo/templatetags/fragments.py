"""``{% fragment "footer" year %}…{% endfragment %}``: the enclosed markup
rendered once per content generation, language and listed values
(geo/fragments.py). Only for markup that depends on nothing else: the
request, the visitor and the clock must be listed values or absent. An
editor's preview (``is_preview`` in the context) is always rendered afresh:
it may show what is not saved yet."""

from django import template
from django.utils.safestring import mark_safe

from geo import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context):
        if context.get("is_preview"):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        vary = tuple(value.resolve(context) for value in self.vary)
        return mark_safe(fragments.fragment(name, vary, lambda: self.nodelist.render(context)))


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
