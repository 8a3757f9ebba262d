namespace CoP.Shared.Members;

/// <summary>What became of a request that queues a membership mail (a registration, a request for a personal link).</summary>
public abstract record MailRequestResult
{
    private MailRequestResult()
    {
    }

    /// <summary>Queued: the mail is decided and sent when the queue delivers it, the same answer whatever the address's state.</summary>
    public sealed record Queued : MailRequestResult;

    /// <summary>A bot trap caught it (honeypot, a form filled faster than a person could): answered like a success, nothing queued.</summary>
    public sealed record Ignored : MailRequestResult;

    /// <summary>A field was not acceptable; nothing was queued.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : MailRequestResult;

    /// <summary>The client, or the service as a whole, made too many such requests this hour.</summary>
    public sealed record Limited(TimeSpan RetryAfter) : MailRequestResult;
}

/// <summary>What a queued registration turned into when it was delivered.</summary>
public abstract record RegistrationDecision
{
    private RegistrationDecision()
    {
    }

    /// <summary>A new pending member; the confirmation goes out.</summary>
    public sealed record Created(MemberMail Mail) : RegistrationDecision;

    /// <summary>Still pending; the confirmation goes out again.</summary>
    public sealed record ConfirmationResent(MemberMail Mail) : RegistrationDecision;

    /// <summary>Already a member; a mail with their profile link goes out instead.</summary>
    public sealed record AlreadyMemberNotified(MemberMail Mail) : RegistrationDecision;

    /// <summary>Nothing goes out: the resend interval or the hourly cap holds, or the first registration is still being written.</summary>
    public sealed record Throttled : RegistrationDecision;
}

/// <summary>What a confirmation link does, or would do.</summary>
public abstract record ConfirmationResult
{
    private ConfirmationResult()
    {
    }

    /// <summary>The link is good and the registration waits for the person to confirm it (nothing changed).</summary>
    public sealed record Pending : ConfirmationResult;

    public sealed record Confirmed(Member Member) : ConfirmationResult;

    public sealed record AlreadyConfirmed(Member Member) : ConfirmationResult;

    public sealed record Expired : ConfirmationResult;

    /// <summary>Not a confirmation token, not of the member's current links, or the member is gone.</summary>
    public sealed record Invalid : ConfirmationResult;
}

/// <summary>Which membership mail a queued request turned into.</summary>
public enum MemberMailKind
{
    Confirmation,
    AlreadyMember,
    AccessLink,
}

/// <summary>A membership mail to send to a member: decided when its queued request is delivered.</summary>
public sealed record MemberMail(MemberEntity Member, MemberMailKind Kind);

/// <summary>A registration as it waits in the mail queue: the details, and the consent record's origin (the IP already hashed).</summary>
public sealed record QueuedRegistration(RegistrationDetails Details, string IpHash, string Channel);

/// <summary>A request for a personal link as it waits in the mail queue.</summary>
public sealed record QueuedAccessLinkRequest(string Email);
