package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.settings.VigilSettings;
import dev.vigil.storage.StorageLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the retrain-trigger may do to roll a champion back, in the synthesized template: write the champion pointers
 * of the models bucket and nothing else, publish only to the notifications topic, with the watch window and the
 * topic in its environment.
 */
class RollbackPermissionsTest {
    private static final TemplateQueries Q =
            new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
    private static final String ROLE = "FunctionsRetrainTriggerRole";

    private static List<JsonNode> statementsWith(String actionPrefix) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode statement : Q.statementsOfRole(ROLE)) {
            if (actions(statement).stream().anyMatch(a -> a.startsWith(actionPrefix))) {
                found.add(statement);
            }
        }
        return found;
    }

    @Test
    void retrainTriggerWritesOnlyTheChampionPointersOfTheModelsBucket() {
        String models = Q.logicalId("AWS::S3::Bucket", "DataStoresModels");
        List<String> written = new ArrayList<>();
        Set<String> s3Actions = new TreeSet<>();
        for (JsonNode statement : statementsWith("s3:")) {
            s3Actions.addAll(actions(statement));
            assertEquals(List.of(models), referencedIds(statement.path("Resource")), "models bucket only: "
                    + statement);
            if (actions(statement).contains("s3:PutObject")) {
                assertEquals(List.of("s3:PutObject"), actions(statement), statement.toString());
                resourcesOf(statement).forEach(r -> written.add(flatten(r)));
            }
        }
        assertEquals(List.of("<" + models + ">/" + StorageLayout.EVERY_CHAMPION), written);
        assertEquals(Set.of("s3:GetObject", "s3:ListBucket", "s3:PutObject"), s3Actions,
                "no delete, no ACL or tagging change, no other write");
    }

    @Test
    void retrainTriggerPublishesOnlyToTheNotificationsTopicWithItsKey() {
        String topic = Q.logicalId("AWS::SNS::Topic", "AlarmsNotifications");
        String key = Q.logicalId("AWS::KMS::Key", "AlarmsTopicKey");
        List<JsonNode> publish = statementsWith("sns:");
        assertEquals(1, publish.size(), publish.toString());
        assertEquals(List.of("sns:Publish"), actions(publish.getFirst()));
        assertEquals(List.of(topic), referencedIds(publish.getFirst().path("Resource")));
        List<JsonNode> kms = statementsWith("kms:");
        assertEquals(1, kms.size(), kms.toString());
        assertEquals(Set.of("kms:Decrypt", "kms:GenerateDataKey"), new TreeSet<>(actions(kms.getFirst())));
        assertEquals(List.of(key), referencedIds(kms.getFirst().path("Resource")));
    }

    @Test
    void retrainTriggerIsToldTheWatchWindowAndTheNotificationsTopic() {
        JsonNode env = Q.one("AWS::Lambda::Function", "FunctionsRetrainTrigger").getValue()
                .path("Properties").path("Environment").path("Variables");
        assertEquals("PT24H", env.path(VigilSettings.ROLLBACK_WINDOW.name()).asText());
        assertEquals(List.of(Q.logicalId("AWS::SNS::Topic", "AlarmsNotifications")),
                referencedIds(env.path(VigilSettings.NOTIFICATIONS_TOPIC.name())));
        assertTrue(env.path(VigilSettings.MODELS_BUCKET.name()).isObject(), env.toString());
    }
}
