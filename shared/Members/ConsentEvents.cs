namespace CoP.Shared.Members;

public enum ConsentEvent
{
    Registration,
    Confirmation,
    NewsletterOptIn,
    NewsletterOptOut,
    Erase,
}

public static class ConsentEvents
{
    public static string Name(ConsentEvent consentEvent) => consentEvent switch
    {
        ConsentEvent.Registration => "registration",
        ConsentEvent.Confirmation => "confirmation",
        ConsentEvent.NewsletterOptIn => "newsletter-opt-in",
        ConsentEvent.NewsletterOptOut => "newsletter-opt-out",
        _ => "erase",
    };
}
