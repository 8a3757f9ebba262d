// TEMPORARY STUB (replaced by the webhook branch)
namespace CoP.Shared.EmailEvents;
public sealed class EmailEventOptions
{
    public string? PublicKey { get; set; }
    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicKey);
}
