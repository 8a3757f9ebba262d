using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Members;

/// <summary>
/// The models of the console's member pages: the list (a search by address, or a page of members by status) and one
/// member's record with its forms. Operators see names and addresses here; nothing of them goes to logs or audit rows.
/// </summary>
public static class MembersPage
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>What a search field shows back: never more than an address may be long.</summary>
    public static string Bounded(string? value) =>
        value is null ? "" : value.Length <= MemberRules.MaxEmailLength ? value : value[..MemberRules.MaxEmailLength];

    /// <summary>The status of <c>?status=</c> (any case); anything else lists every member.</summary>
    public static MemberStatus? Status(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query["status"].ToString().Trim().ToLowerInvariant() switch
        {
            "confirmed" => MemberStatus.Confirmed,
            "pending" => MemberStatus.Pending,
            _ => null,
        };
    }

    /// <summary>The status as a query value ("confirmed", "pending", or "" for every member).</summary>
    public static string StatusName(MemberStatus? status) => status?.ToString().ToLowerInvariant() ?? "";

    public static object Row(MemberRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var member = record.Member;
        return new
        {
            member.MemberId,
            member.Name,
            member.Email,
            Organization = member.Organization ?? "",
            Country = member.Country ?? "",
            Status = StatusName(member.Status),
            member.Newsletter,
            Suppressed = record.NewsletterSuppressed ?? "",
        };
    }

    /// <summary>One member's page: the record, the lift form when there is something to lift, the erase form (and its error).</summary>
    public static object Member(MemberRecord record, string language, string? lifted = null, string eraseError = "")
    {
        ArgumentNullException.ThrowIfNull(record);
        var member = record.Member;
        return new
        {
            member.MemberId,
            member.Name,
            member.Email,
            Organization = member.Organization ?? "",
            Country = member.Country ?? "",
            Role = member.Role ?? "",
            Status = StatusName(member.Status),
            Created = ConsoleFormat.Time(member.CreatedAt, language),
            Confirmed = member.ConfirmedAt is { } confirmed ? ConsoleFormat.Time(confirmed, language) : "",
            member.Language,
            Topics = string.Join(", ", member.Topics),
            member.Newsletter,
            Suppressed = record.NewsletterSuppressed ?? "",
            SuppressedAt = record.NewsletterSuppressedAt is { } at ? ConsoleFormat.Time(at, language) : "",
            record.SoftBounces,
            CanLift = record.NewsletterSuppressed is not null || record.SoftBounces > 0,
            Lifted = lifted == "1",
            NothingToLift = lifted == "0",
            EraseError = eraseError,
        };
    }
}
