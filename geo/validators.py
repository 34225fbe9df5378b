"""Addresses people type into the site (an entity's website, a takedown
notice's target and evidence): web addresses only. Django's URLValidator
also accepts ftp:// and ftps://; a ``javascript:`` or ``data:`` link is
refused too, so none can reach a page or the admin as a clickable link."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
MESSAGE = _("Enter a web address starting with http:// or https://.")

web_url = URLValidator(schemes=list(WEB_SCHEMES), message=MESSAGE, code="not_web_url")


class WebURLFormField(forms.URLField):
    """A form's URL field for web addresses only (one message, on the field)."""

    default_validators = [web_url]


class WebURLField(models.URLField):
    """A model's URL field for web addresses only, in forms and in full_clean."""

    default_validators = [web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


@deconstructible
class WebURLList:
    """Every item of a list (a JSONField of links) is a web address."""

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(MESSAGE, code="not_web_url")
        for item in value:
            if not isinstance(item, str):
                raise ValidationError(MESSAGE, code="not_web_url")
            web_url(item)

    def __eq__(self, other):
        return isinstance(other, WebURLList)


web_url_list = WebURLList()
