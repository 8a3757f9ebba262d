using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Members;

/// <summary>
/// Row of the <c>Members</c> table. PartitionKey the member id, RowKey <c>member</c>: a token names the
/// member id, so every member-facing request is one point read. Admin listings scan the table (small).
/// Email throttling lives on the row, so it costs no extra round trip.
/// </summary>
public sealed class MemberEntity : ITableEntity
{
    public const string Row = "member";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EmailKey { get; set; } = "";
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Organization { get; set; }
    public string? Country { get; set; }
    public string? Role { get; set; }
    /// <summary>Topic slugs separated by commas (slugs never contain commas).</summary>
    public string Topics { get; set; } = "";
    public string Language { get; set; } = "en";
    public bool Newsletter { get; set; }
    public string Status { get; set; } = nameof(MemberStatus.Pending);
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? LastConfirmationSentAt { get; set; }
    public DateTimeOffset? LastAccessLinkSentAt { get; set; }
    /// <summary>Unix seconds of the emails sent in the last hour, comma-separated: the rolling hourly cap.</summary>
    public string RecentEmails { get; set; } = "";

    /// <summary>
    /// The generation of the member's personal links: every token carries the generation it was issued for, and
    /// only tokens of the current one are accepted. Revoking the links bumps it.
    /// </summary>
    public int LinkGeneration { get; set; }

    /// <summary>
    /// The id of the queued mail that last used this member's allowance: a retried delivery of that mail finds its
    /// decision here instead of being throttled by its own first attempt.
    /// </summary>
    public string? LastMailId { get; set; }

    /// <summary>
    /// A fresh id per write of the row (<see cref="MemberStore.TryReplaceAsync"/>): a write whose answer was lost, which the
    /// storage client sends again and which then meets its own change (412), is told from a concurrent writer's by it.
    /// </summary>
    public string? ChangeId { get; set; }

    /// <summary>
    /// Why the newsletter no longer goes to this address, set from the Event Webhook (e.g. <c>bounce</c>,
    /// <c>dropped</c>, <c>spamreport</c>); null while it may. Transactional email is not affected.
    /// </summary>
    public string? NewsletterSuppressed { get; set; }

    public DateTimeOffset? NewsletterSuppressedAt { get; set; }

    /// <summary>Soft bounces (SendGrid <c>blocked</c>/deferral bounces) counted towards the suppression limit.</summary>
    public int SoftBounces { get; set; }

    /// <summary>True when the member gets the newsletter: confirmed, subscribed and not suppressed.</summary>
    public bool ReceivesNewsletter => MemberStatus == MemberStatus.Confirmed && Newsletter && NewsletterSuppressed is null;

    public string MemberId => PartitionKey;

    /// <summary>
    /// When the pending registration's latest confirmation link was sent: its lifetime counts from here, both in the
    /// link's token and for the purge of expired registrations (<see cref="HousekeepingService"/>). A resend moves it on.
    /// </summary>
    [IgnoreDataMember]
    public DateTimeOffset ConfirmationSentAt => LastConfirmationSentAt is { } sent && sent > CreatedAt ? sent : CreatedAt;

    public MemberStatus MemberStatus => Enum.TryParse<MemberStatus>(Status, out var status) ? status : MemberStatus.Pending;

    public Member ToMember() => new(
        MemberId, Email, Name, Organization, Country, Role,
        Topics.Split(',', StringSplitOptions.RemoveEmptyEntries), Language, Newsletter, MemberStatus, CreatedAt, ConfirmedAt);

    public IReadOnlyList<DateTimeOffset> RecentEmailTimes() =>
        RecentEmails.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue)
            .ToList();

    public void Apply(RegistrationDetails details)
    {
        Name = details.Name;
        Organization = details.Organization;
        Country = details.Country;
        Role = details.Role;
        Topics = string.Join(',', details.Topics);
        Language = details.Language;
        Newsletter = details.Newsletter;
    }
}

/// <summary>
/// Row of the <c>MemberEmails</c> table: PartitionKey the keyed hash of the normalised address, RowKey
/// <c>email</c>, pointing at the member id. Inserting it is what makes an address unique under concurrency.
/// </summary>
public sealed class MemberEmailEntity : ITableEntity
{
    public const string Row = "email";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string MemberId { get; set; } = "";

    /// <summary>When the address was claimed (app clock): a claim whose member never appeared is released after a while.</summary>
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>
/// Row of the <c>ConsentLedger</c> table: PartitionKey the member id, RowKey the time (sortable) plus a
/// random suffix. Append-only: rows are inserted, never updated. Holds no address or name.
/// </summary>
public sealed class ConsentEventEntity : ITableEntity
{
    /// <summary>The row key of the erase event: fixed, so it is written once, and after every timed row ('~' sorts last).</summary>
    public const string EraseRow = "~erase";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Event { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string PolicyVersion { get; set; } = "";
    public string IpHash { get; set; } = "";
    public string Channel { get; set; } = "";

    /// <summary>
    /// For an <c>import</c> row: where the person gave consent on the earlier platform, as the operator's file says (a
    /// platform, a form, an event; never an address). Null for consent given here.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// For a row under a fixed key (<see cref="EraseRow"/>): a fresh id of the write that inserted it, so that a writer
    /// whose answer was lost (the storage client sends the insert again and meets its own row, 409) knows the row for its
    /// own rather than a concurrent writer's.
    /// </summary>
    public string? WriteId { get; set; }
}
