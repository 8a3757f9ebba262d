using CoP.Shared.Members;

namespace CoP.Functions.Members;

/// <summary>A member's profile as the member (and operators) see it.</summary>
public sealed record ProfileResponse(
    string MemberId,
    string Email,
    string Name,
    string? Organization,
    string? Country,
    string? Role,
    IReadOnlyList<string> Topics,
    string Language,
    bool Newsletter,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt)
{
    public static ProfileResponse From(Member member) => new(
        member.MemberId, member.Email, member.Name, member.Organization, member.Country, member.Role, member.Topics,
        member.Language, member.Newsletter, member.Status.ToString().ToLowerInvariant(), member.CreatedAt, member.ConfirmedAt);
}
