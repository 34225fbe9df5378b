from django.db import migrations

DEFAULTS = [
    {
        "key": "copyright",
        "kind": "copyright",
        "order": 10,
        "title_zh_hans": "版权与商标",
        "title_en": "Copyright and trademarks",
        "body_zh_hans": "本文版权归本站所有，转载请注明出处。文中提及的商标、产品名称和标识归其各自所有者所有，提及不代表认可或合作关系。",
        "body_en": "This article is copyright of this site; please credit the source when quoting. "
        "Trademarks, product names and logos mentioned belong to their respective owners; "
        "mentioning them implies no endorsement or affiliation.",
    },
    {
        "key": "not-advice",
        "kind": "not-advice",
        "order": 20,
        "title_zh_hans": "非专业建议",
        "title_en": "Not professional advice",
        "body_zh_hans": "本文仅为行业分析与信息分享，不构成投资、法律、财务或其他专业建议。作出决定前请咨询合资格的专业人士。",
        "body_en": "This article is industry analysis shared for information only. It is not "
        "investment, legal, financial or other professional advice; consult a qualified "
        "professional before making decisions.",
    },
    {
        "key": "ai-assisted",
        "kind": "ai-assisted",
        "order": 30,
        "title_zh_hans": "AI 辅助内容",
        "title_en": "AI-assisted content",
        "body_zh_hans": "本文在资料整理或初稿撰写中使用了 AI 工具，并经编辑审核、核实与修订。",
        "body_en": "AI tools were used in researching or drafting this article; an editor "
        "reviewed, fact-checked and revised it.",
    },
    {
        "key": "removal",
        "kind": "removal",
        "order": 40,
        "title_zh_hans": "删除与更正",
        "title_en": "Removal and correction",
        "body_zh_hans": "如您是权利人或文中涉及的当事人，认为本文侵犯了您的权利或存在事实错误，请通过[删除或更正申请表](/zh-hans/takedown/)联系我们，我们会尽快处理。",
        "body_en": "If you hold rights in this content or are named in it, and believe it "
        "infringes your rights or contains a factual error, please use the "
        "[removal or correction form](/en/takedown/) and we will handle it promptly.",
    },
    {
        "key": "personal-data",
        "kind": "personal-data",
        "order": 50,
        "title_zh_hans": "个人信息提示",
        "title_en": "Personal data",
        "body_zh_hans": "请勿在留言、申请或任何提交内容中填写身份证号码、手机号码、家庭住址等个人敏感信息。",
        "body_en": "Please do not post ID numbers, phone numbers, home addresses or other "
        "sensitive personal data in any message, request or submission.",
    },
]


def create_defaults(apps, schema_editor):
    Disclaimer = apps.get_model("articles", "Disclaimer")
    for values in DEFAULTS:
        values = dict(values)
        key = values.pop("key")
        Disclaimer.objects.get_or_create(
            key=key,
            defaults={
                **values,
                "title": values["title_zh_hans"],
                "body": values["body_zh_hans"],
                # Shown on every article; the AI notice only where ai_assisted is set.
                "applies_to_all": True,
                "active": True,
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("articles", "Disclaimer").objects.filter(key__in=[d["key"] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
