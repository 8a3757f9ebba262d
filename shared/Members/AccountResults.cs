namespace CoP.Shared.Members;

/// <summary>What became of a change a member made to their account (unsubscribe, revoke their links).</summary>
public abstract record AccountChange
{
    private AccountChange()
    {
    }

    /// <summary>Done, or there was nothing to change.</summary>
    public sealed record Done : AccountChange;

    /// <summary>There is no such member (erased meanwhile).</summary>
    public sealed record NotFound : AccountChange;

    /// <summary>The row kept changing under concurrent updates; the client may try again.</summary>
    public sealed record Conflict : AccountChange;
}

/// <summary>What became of a change of the member's own profile.</summary>
public abstract record ProfileChangeResult
{
    private ProfileChangeResult()
    {
    }

    /// <summary>Saved (or nothing to change): the profile as it is now.</summary>
    public sealed record Changed(Member Member) : ProfileChangeResult;

    /// <summary>A field was not acceptable; nothing was changed.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ProfileChangeResult;

    /// <summary>There is no such member (erased meanwhile).</summary>
    public sealed record NotFound : ProfileChangeResult;

    /// <summary>The row kept changing under concurrent updates; the client may try again.</summary>
    public sealed record Conflict : ProfileChangeResult;
}
