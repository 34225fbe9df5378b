from modeltranslation.translator import TranslationOptions, register

from geo.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "tagline")
