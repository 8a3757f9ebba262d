namespace CoP.Shared.Members;

/// <summary>Whether a member's token may do an action: the member it speaks for, or why it may not.</summary>
public abstract record MemberAuthentication
{
    private MemberAuthentication()
    {
    }

    /// <summary>The token is valid for the action, for this member.</summary>
    public sealed record Authenticated(MemberEntity Member) : MemberAuthentication;

    /// <summary>The token grants nothing here: missing, expired, revoked, for another purpose, or for no confirmed member.</summary>
    public sealed record Refused(TokenStatus Status) : MemberAuthentication;
}
