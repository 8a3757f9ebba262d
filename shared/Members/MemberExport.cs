namespace CoP.Shared.Members;

/// <summary>A member's export: the profile, email bookkeeping, the consent ledger, and each area's records by section.</summary>
public sealed record MemberExport(
    DateTimeOffset GeneratedAt,
    Member Member,
    MemberEmailRecord Emails,
    IReadOnlyList<ConsentRecord> ConsentLedger,
    IReadOnlyDictionary<string, object?> Records);

/// <summary>What the app recorded about email to the member, newsletter suppression by SendGrid's events included.</summary>
public sealed record MemberEmailRecord(
    DateTimeOffset? LastConfirmationSentAt,
    DateTimeOffset? LastAccessLinkSentAt,
    IReadOnlyList<DateTimeOffset> RecentEmails,
    string? NewsletterSuppressed,
    DateTimeOffset? NewsletterSuppressedAt,
    int SoftBounces);

/// <summary>One consent event; <paramref name="Source"/> says where consent was given for an imported member, and is null otherwise.</summary>
public sealed record ConsentRecord(string Event, DateTimeOffset At, string PolicyVersion, string IpHash, string Channel, string? Source);
