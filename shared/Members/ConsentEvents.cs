namespace CoP.Shared.Members;

public enum ConsentEvent
{
    Registration,
    Confirmation,
    NewsletterOptIn,
    NewsletterOptOut,
    Erase,

    /// <summary>Consent given on an earlier platform, brought in by an operator's import with where it was given.</summary>
    Import,
}

public static class ConsentEvents
{
    public static string Name(ConsentEvent consentEvent) => consentEvent switch
    {
        ConsentEvent.Registration => "registration",
        ConsentEvent.Confirmation => "confirmation",
        ConsentEvent.NewsletterOptIn => "newsletter-opt-in",
        ConsentEvent.NewsletterOptOut => "newsletter-opt-out",
        ConsentEvent.Import => "import",
        _ => "erase",
    };
}
