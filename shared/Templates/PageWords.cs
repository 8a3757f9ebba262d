namespace CoP.Shared.Templates;

/// <summary>The words of the page frame (navigation, footer, language switch) in each language of the templates.</summary>
public sealed record PageWords(
    string LanguageName,
    string SkipToContent,
    string Menu,
    string Documents,
    string Events,
    string Projects,
    string Polls,
    string Newsletter,
    string Profile,
    string Join,
    string FooterMenu,
    string Privacy,
    string Unsubscribe,
    string LanguageMenu)
{
    private static readonly Dictionary<string, PageWords> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new("English", "Skip to content", "Main", "Documents", "Events", "Projects", "Polls", "Newsletter", "My profile", "Join", "About", "Privacy", "Unsubscribe", "Language"),
        ["fr"] = new("Français", "Aller au contenu", "Menu principal", "Documents", "Événements", "Projets", "Sondages", "Lettre d’information", "Mon profil", "Adhérer", "À propos", "Confidentialité", "Se désabonner", "Langue"),
        ["es"] = new("Español", "Saltar al contenido", "Menú principal", "Documentos", "Eventos", "Proyectos", "Encuestas", "Boletín", "Mi perfil", "Unirse", "Acerca de", "Privacidad", "Darse de baja", "Idioma"),
    };

    /// <summary>The words in <paramref name="language"/> (one of <see cref="TemplateLanguages.All"/>), else in English.</summary>
    public static PageWords For(string language) =>
        ByLanguage.TryGetValue(language, out var words) ? words : ByLanguage[TemplateLanguages.Default];
}

/// <summary>The words of the console's frame (its navigation and the sign-out button) in each language of the templates.</summary>
public sealed record ConsoleWords(
    string Menu,
    string Overview,
    string Documents,
    string Polls,
    string Events,
    string Projects,
    string Topics,
    string Chat,
    string Newsletter,
    string Members,
    string Webhooks,
    string Audit,
    string SignOut)
{
    private static readonly Dictionary<string, ConsoleWords> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new("Console", "Overview", "Documents", "Polls", "Events", "Projects", "Topics", "Chat", "Newsletter", "Members", "Webhooks", "Audit log", "Sign out"),
        ["fr"] = new("Console", "Vue d’ensemble", "Documents", "Sondages", "Événements", "Projets", "Thèmes", "Messagerie", "Lettre d’information", "Membres", "Webhooks", "Journal d’audit", "Se déconnecter"),
        ["es"] = new("Consola", "Resumen", "Documentos", "Encuestas", "Eventos", "Proyectos", "Temas", "Chat", "Boletín", "Miembros", "Webhooks", "Registro de auditoría", "Cerrar sesión"),
    };

    /// <summary>The words in <paramref name="language"/> (one of <see cref="TemplateLanguages.All"/>), else in English.</summary>
    public static ConsoleWords For(string language) =>
        ByLanguage.TryGetValue(language, out var words) ? words : ByLanguage[TemplateLanguages.Default];
}
