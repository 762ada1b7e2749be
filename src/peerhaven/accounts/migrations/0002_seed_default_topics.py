"""Seed the instance's default topic list. Safe to rerun: existing slugs are left as they are."""

from django.db import migrations

DEFAULT_TOPICS = [
    ("anxiety", "Anxiety and panic", "Worry, panic attacks, social anxiety"),
    ("depression", "Low mood and depression", "Feeling down, empty or hopeless"),
    ("grief", "Grief and loss", "Bereavement, loss of a relationship, health or home"),
    (
        "addiction-recovery",
        "Addiction and recovery",
        "Alcohol, drugs, gambling and other dependencies",
    ),
    ("caregiving", "Caring for someone", "Looking after a relative, partner or friend"),
    ("chronic-illness", "Long-term illness and pain", "Living with a long-term condition"),
    ("parenting", "Parenting", "The ups and downs of raising children"),
    ("trauma", "Trauma", "Living after frightening or harmful experiences"),
    ("eating", "Eating and body image", "Difficult relationships with food or body"),
    ("loneliness", "Loneliness and isolation", "Feeling alone or disconnected"),
    ("work-study-stress", "Work and study stress", "Pressure, burnout, exams, job loss"),
    ("relationships", "Relationships and family", "Conflict, separation, family life"),
    ("identity", "Identity and belonging", "LGBTQ+ experiences, culture, faith, belonging"),
    ("neurodivergence", "Neurodivergence", "ADHD, autism and other ways of thinking"),
    ("self-harm", "Self-harm", "Hurting oneself to cope, and recovering from it"),
    ("suicidal-thoughts", "Suicidal thoughts", "Living with thoughts of ending one's life"),
    ("suicide-loss", "Loss to suicide", "Grieving someone who died by suicide"),
    ("abuse", "Abuse and violence", "Domestic, sexual or emotional abuse"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("accounts", "Topic")
    for slug, name, description in DEFAULT_TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_user_topic_profile")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
