"""A claim's techniques get a rationale and the words that carry them (ClaimTechnique, issue 14).

The plain many-to-many's table becomes the through model's own table, so every existing
link is kept as it is: only the state changes, then two columns and a check are added.
"""
import django.db.models.deletion
from django.db import migrations, models

# The name Django gave the plain many-to-many's unique (claim_id, technique_id): fixed by the table and
# column names. It is renamed to the named constraint the model declares.
AUTO_UNIQUE = "claims_claim_techniques_claim_id_technique_id_7865373a_uniq"


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0013_initial_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ClaimTechnique",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("claim", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="technique_links", to="claims.claim")),
                        ("technique", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="claim_links", to="claims.technique")),
                    ],
                    options={
                        "verbose_name": "technique used",
                        "verbose_name_plural": "techniques used",
                        "db_table": "claims_claim_techniques",
                        "ordering": ["claim", "technique"],
                    },
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="techniques",
                    field=models.ManyToManyField(blank=True, related_name="claims", through="claims.ClaimTechnique", to="claims.technique"),
                ),
                migrations.AddConstraint(
                    model_name="claimtechnique",
                    constraint=models.UniqueConstraint(fields=("claim", "technique"), name="claimtechnique_pair_unique"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE claims_claim_techniques RENAME CONSTRAINT {AUTO_UNIQUE} TO claimtechnique_pair_unique",
                    f"ALTER TABLE claims_claim_techniques RENAME CONSTRAINT claimtechnique_pair_unique TO {AUTO_UNIQUE}",
                ),
            ],
        ),
        migrations.AddField(
            model_name="claimtechnique",
            name="rationale",
            field=models.CharField(blank=True, db_default="", default="", help_text="One line: why the claim is this technique.", max_length=300),
        ),
        migrations.AddField(
            model_name="claimtechnique",
            name="phrase",
            field=models.CharField(blank=True, db_default="", default="", help_text="The words that carry the technique, exactly as one of the claim's quotes prints them (capital letters aside); empty when no words in particular do.", max_length=300),
        ),
        migrations.AddConstraint(
            model_name="claimtechnique",
            constraint=models.CheckConstraint(condition=models.Q(("phrase", ""), models.Q(("rationale", ""), _negated=True), _connector="OR"), name="claimtechnique_phrase_has_rationale"),
        ),
    ]
