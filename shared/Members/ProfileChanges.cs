namespace CoP.Shared.Members;

/// <summary>
/// A validated partial profile update (JSON merge patch): a null property is left unchanged; the
/// <c>Clear*</c> flags remove an optional value.
/// </summary>
public sealed record ProfileChanges(
    string? Name = null,
    string? Organization = null,
    bool ClearOrganization = false,
    string? Country = null,
    bool ClearCountry = false,
    string? Role = null,
    bool ClearRole = false,
    IReadOnlyList<string>? Topics = null,
    string? Language = null,
    bool? Newsletter = null);
