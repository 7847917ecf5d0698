using MudBlazor;

namespace MmsConsole.Web.Components.Layout;

/// <summary>Status colours carry meaning here (green up, amber holding, red rejecting), so the theme
/// keeps them distinct in both palettes.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1565c0", AppbarBackground = "#1565c0" },
        PaletteDark = new PaletteDark { Primary = "#64b5f6", AppbarBackground = "#1e1e2d" },
    };
}
