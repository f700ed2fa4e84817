package bench.echo;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.List;

/**
 * The ceiling a decision endpoint can approach on this machine: the HTTP server, Quarkus REST, and Jackson binding
 * the decision request to records and writing them back, with no decision. On the event loop, as PolicyDesk's
 * endpoint runs.
 */
@Path("/api/v1")
public class EchoResource {

    public enum Role { DIRECT_PARTNER, INDIRECT_RESELLER }
    public enum Cloud { GLOBAL, GERMANY }
    public enum Billing { LICENSE, USAGE }
    public enum Channel { MICROSOFT_DIRECT, ADVISOR, OPEN, EA, THIRD_PARTY, SYNDICATION, CSP }
    public enum Status { ACTIVE, SUSPENDED, EXPIRED, CANCELLED }
    public enum Action { TAKE_OVER, RESELL_TO_PARTNER, INVITE_CUSTOMER }

    public record Partner(String id, Role role, String directPartnerId) {
    }

    public record Subscription(String id, String offer, Billing billing, Channel channel, String sellerId,
                               Status status, LocalDate endDate, List<String> services) {
    }

    public record Customer(String id, Cloud cloud, List<String> delegatedAdminPartnerIds,
                           List<Subscription> subscriptions) {
    }

    public record Intent(Action action, String targetPartnerId, Boolean targetInCsp) {
    }

    public record Request(LocalDate asOf, Partner partner, Customer customer, Intent intent) {
    }

    @POST
    @Path("/recommendations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Request echo(Request request) {
        return request;
    }
}
