namespace CoP.Shared.Members;

public enum MemberStatus
{
    Pending,
    Confirmed,
}

/// <summary>A member as the app works with it.</summary>
public sealed record Member(
    string MemberId,
    string Email,
    string Name,
    string? Organization,
    string? Country,
    string? Role,
    IReadOnlyList<string> Topics,
    string Language,
    bool Newsletter,
    MemberStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt);

/// <summary>What a registration form or script sends, already validated and normalised.</summary>
public sealed record RegistrationDetails(
    string Email,
    string Name,
    string? Organization,
    string? Country,
    string? Role,
    IReadOnlyList<string> Topics,
    string Language,
    bool Newsletter);

/// <summary>Where a request came from, for the consent record: a hashed IP and the channel.</summary>
public sealed record RequestOrigin(System.Net.IPAddress? ClientIp, string Channel);
