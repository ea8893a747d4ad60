using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace TrainerAcademy.Features;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedResource> L) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Text { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Heading, Text) = code switch
        {
            404 => (L["Page not found"].Value, L["The page does not exist, or you may not see it."].Value),
            403 => (L["Not allowed"].Value, L["Your account may not open this page."].Value),
            429 => (L["Too many requests"].Value, L["Wait a minute and try again."].Value),
            _ => (L["Something went wrong"].Value, L["Please try again later."].Value),
        };
    }
}
