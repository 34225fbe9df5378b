from modeltranslation.translator import TranslationOptions, register

from faq.models import FaqItem


@register(FaqItem)
class FaqItemTranslation(TranslationOptions):
    fields = ("question", "answer")
    required_languages = {"zh-hans": ("question", "answer")}
