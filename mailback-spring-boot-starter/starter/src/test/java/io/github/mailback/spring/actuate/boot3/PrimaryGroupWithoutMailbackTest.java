package io.github.mailback.spring.actuate.boot3;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.SimpleHttpCodeStatusMapper;
import org.springframework.boot.actuate.health.SimpleStatusAggregator;
import org.springframework.boot.actuate.health.StatusAggregator;

/** The mailback contributor is out of the primary group (/actuator/health), and in the groups that include it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrimaryGroupWithoutMailbackTest {

    @Test
    void thePrimaryGroupLeavesMailbackOutAndTheOthersAreUnchanged() {
        HealthEndpointGroup all = group(name -> true);
        HealthEndpointGroup mail = group(name -> name.equals("mailback"));
        Groups groups = new Groups(all, Map.of("mail", mail));
        HealthEndpointGroups processed = new PrimaryGroupWithoutMailback().postProcessHealthEndpointGroups(groups);
        assertAll(
                () -> assertFalse(processed.getPrimary().isMember("mailback")),
                () -> assertFalse(processed.getPrimary().isMember("mailback/mailback")),
                () -> assertTrue(processed.getPrimary().isMember("db")),
                () -> assertTrue(processed.getPrimary().isMember("mailbackup")),
                () -> assertSame(mail, processed.get("mail")),
                () -> assertTrue(processed.get("mail").isMember("mailback")),
                () -> assertEquals(groups.getNames(), processed.getNames()),
                () -> assertEquals(List.of("/livez"), ((AdditionalPathsMapper) processed)
                        .getAdditionalPaths(EndpointId.of("health"), WebServerNamespace.SERVER)));
    }

    private static HealthEndpointGroup group(java.util.function.Predicate<String> members) {
        return new HealthEndpointGroup() {
            @Override
            public boolean isMember(String name) {
                return members.test(name);
            }

            @Override
            public boolean showComponents(SecurityContext securityContext) {
                return true;
            }

            @Override
            public boolean showDetails(SecurityContext securityContext) {
                return true;
            }

            @Override
            public StatusAggregator getStatusAggregator() {
                return new SimpleStatusAggregator();
            }

            @Override
            public HttpCodeStatusMapper getHttpCodeStatusMapper() {
                return new SimpleHttpCodeStatusMapper();
            }

            @Override
            public AdditionalHealthEndpointPath getAdditionalPath() {
                return null;
            }
        };
    }

    private record Groups(HealthEndpointGroup primary, Map<String, HealthEndpointGroup> groups)
            implements HealthEndpointGroups, AdditionalPathsMapper {
        @Override
        public HealthEndpointGroup getPrimary() {
            return primary;
        }

        @Override
        public java.util.Set<String> getNames() {
            return groups.keySet();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            return groups.get(name);
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return List.of("/livez");
        }
    }
}
