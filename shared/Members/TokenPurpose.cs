namespace CoP.Shared.Members;

/// <summary>
/// What a member token is for. Each link a mail carries is as narrow as its job, so that a forwarded newsletter
/// or a link scanner's copy cannot export or erase an account. The numbers are part of the token format.
/// </summary>
public enum TokenPurpose : byte
{
    /// <summary>Confirms a registration (double opt-in). In the confirmation mail only.</summary>
    Confirm = 1,

    /// <summary>Shows and casts the ballot of one poll, and shows that poll's results to a voter. In newsletters.</summary>
    Vote = 2,

    /// <summary>Shows and changes the profile and newsletter choices, uploads documents. In newsletters and "already a member" mails.</summary>
    Profile = 3,

    /// <summary>Everything a member may do, export, erase and revoking links included. Lives at most an hour; only ever sent on request.</summary>
    Account = 4,

    /// <summary>Unsubscribes from the newsletter (also the RFC 8058 one-click URL).</summary>
    Unsubscribe = 5,

    /// <summary>
    /// Reads the member's personal calendar feed (their events with the online links). Lives long, since calendar apps
    /// keep the feed's address; revoking the member's links ends it.
    /// </summary>
    Calendar = 6,

    /// <summary>
    /// The <c>access</c> tokens of the first token format, in newsletters sent before purposes existed: read (never
    /// issued) until they expire, and narrowed to what their links were for: the profile and votes.
    /// </summary>
    LegacyAccess = 100,
}

/// <summary>What a member can ask for with a token.</summary>
public enum MemberAction
{
    Confirm,
    Unsubscribe,
    ViewProfile,
    ChangeProfile,
    UploadDocument,
    /// <summary>Show and cast the ballot of a poll, and see its results where the poll shows them to voters.</summary>
    Vote,
    ExportData,
    EraseData,
    RevokeLinks,
    /// <summary>Register for an event, or cancel one's registration.</summary>
    AttendEvents,
    /// <summary>Read one's personal calendar feed.</summary>
    ReadCalendar,
    /// <summary>Submit a project to the map, change one's projects and post their progress.</summary>
    MapProjects,
}

/// <summary>Which purpose allows which action: the one table every member route is checked against.</summary>
public static class TokenGrants
{
    public static bool Allows(MemberToken token, MemberAction action, string? pollId = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Purpose switch
        {
            TokenPurpose.Confirm => action == MemberAction.Confirm,
            TokenPurpose.Unsubscribe => action == MemberAction.Unsubscribe,
            TokenPurpose.Calendar => action == MemberAction.ReadCalendar,
            TokenPurpose.Vote => action == MemberAction.Vote && pollId is not null && string.Equals(token.PollId, pollId, StringComparison.Ordinal),
            TokenPurpose.Profile => IsProfileAction(action),
            TokenPurpose.LegacyAccess => (IsProfileAction(action) && action is not (MemberAction.AttendEvents or MemberAction.MapProjects)) || action == MemberAction.Vote,
            TokenPurpose.Account => action != MemberAction.Confirm,
            _ => false,
        };
    }

    /// <summary>Whether the action needs a confirmed member (confirming and unsubscribing do not).</summary>
    public static bool NeedsConfirmedMember(MemberAction action) => action is not (MemberAction.Confirm or MemberAction.Unsubscribe);

    private static bool IsProfileAction(MemberAction action) =>
        action is MemberAction.ViewProfile or MemberAction.ChangeProfile or MemberAction.UploadDocument or MemberAction.Unsubscribe
            or MemberAction.AttendEvents or MemberAction.MapProjects;
}
