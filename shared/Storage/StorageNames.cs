using Microsoft.Extensions.Options;

namespace CoP.Shared.Storage;

/// <summary>
/// The names of every table and container the app uses, with the configured prefix applied.
/// One place, so that infrastructure, tests and clean-up agree on them.
/// </summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    /// <summary>Base table names (without prefix). Table names are alphanumeric.</summary>
    public static readonly IReadOnlyList<string> Tables = ["Topics", "Members", "MemberEmails", "ConsentLedger", "Polls", "Ballots", "Documents", "DocumentIndex", "DocumentHashes", "DocumentUploadCounts", "DocumentRemovals", "NewsletterIssues", "NewsletterDeliveries", "EmailEvents", "RequestLimits", "MailDeliveries", "ConsoleSessions", "OperatorAudit", "Events", "EventRegistrations", "MemberEvents", "EventReminders", "Projects", "ProjectUpdates", "ProjectConfirmations", "DomainEvents", "ChatChannels", "ChatPosts", "Webhooks", "WebhookDeliveries"];

    /// <summary>
    /// Base queue names (without prefix; lowercase, digits and hyphens). The host's queue triggers listen on these
    /// names as they are, so a prefix is for tests that share one account, never for a deployment.
    /// </summary>
    public static readonly IReadOnlyList<string> Queues = [MailQueueName, NewsletterRunsQueueName, ChatPostsQueueName, WebhookDeliveriesQueueName];

    /// <summary>Transactional mail waiting for <c>DeliverEmail</c>.</summary>
    public const string MailQueueName = "transactional-mail";

    /// <summary>Admins' newsletter sends waiting for <c>RunNewsletterSend</c>.</summary>
    public const string NewsletterRunsQueueName = "newsletter-runs";

    /// <summary>Domain events waiting for <c>PostToChat</c>.</summary>
    public const string ChatPostsQueueName = "chat-posts";

    /// <summary>Webhook deliveries waiting for <c>DeliverWebhook</c>.</summary>
    public const string WebhookDeliveriesQueueName = "webhook-deliveries";

    /// <summary>Base container names (without prefix). Container names are lowercase, digits and hyphens.</summary>
    public static readonly IReadOnlyList<string> Containers = ["uploads", "documents", "rejected", "newsletter", "imports", "project-boundaries", DeadLetterContainerName];

    /// <summary>Where Event Grid writes upload events it could not deliver (infra creates it; the app only reads it).</summary>
    public const string DeadLetterContainerName = "upload-events-deadletter";

    private readonly string _prefix = options.Value.ResourcePrefix;

    public string Prefix => _prefix;

    public string Topics => Table("Topics");

    public string Members => Table("Members");

    public string MemberEmails => Table("MemberEmails");

    public string ConsentLedger => Table("ConsentLedger");

    public string Polls => Table("Polls");

    public string Ballots => Table("Ballots");

    public string Documents => Table("Documents");

    public string DocumentIndex => Table("DocumentIndex");

    public string DocumentHashes => Table("DocumentHashes");

    public string DocumentUploadCounts => Table("DocumentUploadCounts");

    public string DocumentRemovals => Table("DocumentRemovals");

    public string NewsletterIssues => Table("NewsletterIssues");

    public string NewsletterDeliveries => Table("NewsletterDeliveries");

    public string EmailEvents => Table("EmailEvents");

    public string RequestLimits => Table("RequestLimits");

    public string MailDeliveries => Table("MailDeliveries");

    public string ConsoleSessions => Table("ConsoleSessions");

    public string OperatorAudit => Table("OperatorAudit");

    public string Events => Table("Events");

    /// <summary>Seats, waiting-list places and registrations, one partition per event.</summary>
    public string EventRegistrations => Table("EventRegistrations");

    /// <summary>The events each member registered for (partition: member id), for their calendar, export and erase.</summary>
    public string MemberEvents => Table("MemberEvents");

    /// <summary>The claims of reminder mails (partition: event id), so that each goes out once across overlapping runs.</summary>
    public string EventReminders => Table("EventReminders");

    /// <summary>The projects of the map (one partition), and the change marker of the public snapshot.</summary>
    public string Projects => Table("Projects");

    /// <summary>Progress notes, one partition per project.</summary>
    public string ProjectUpdates => Table("ProjectUpdates");

    /// <summary>The claims of the yearly confirmation mails (partition: project id), so that each goes out once per period.</summary>
    public string ProjectConfirmations => Table("ProjectConfirmations");

    /// <summary>Domain events, each written once (partition: event id).</summary>
    public string DomainEvents => Table("DomainEvents");

    /// <summary>The chat channel of each topic (partition: one).</summary>
    public string ChatChannels => Table("ChatChannels");

    /// <summary>The claims of chat posts (partition: event id, row: channel), so that each goes out once.</summary>
    public string ChatPosts => Table("ChatPosts");

    /// <summary>Outgoing webhooks: target, event types, signing secrets, state.</summary>
    public string Webhooks => Table("Webhooks");

    /// <summary>Each webhook's deliveries (partition: webhook id), with their attempts.</summary>
    public string WebhookDeliveries => Table("WebhookDeliveries");

    public string MailQueue => Container(MailQueueName);

    public string NewsletterRunsQueue => Container(NewsletterRunsQueueName);

    public string ChatPostsQueue => Container(ChatPostsQueueName);

    public string WebhookDeliveriesQueue => Container(WebhookDeliveriesQueueName);

    public string UploadsContainer => Container("uploads");

    public string DocumentsContainer => Container("documents");

    public string RejectedContainer => Container("rejected");

    public string NewsletterContainer => Container("newsletter");

    /// <summary>Member import files an operator previewed, until they are imported (at most a day).</summary>
    public string ImportsContainer => Container("imports");

    /// <summary>Projects' boundaries (GeoJSON polygons), one blob per project, read by the project page and the map.</summary>
    public string ProjectBoundariesContainer => Container("project-boundaries");

    public string DeadLetterContainer => Container(DeadLetterContainerName);

    public string Table(string baseName) => _prefix + baseName;

    public string Container(string baseName) => _prefix.Length == 0 ? baseName : $"{_prefix}-{baseName}";
}
