namespace KeypointGrains.Silo.Web;

/// <summary>The live training page (wwwroot/training): every model's loss curves, polled from the campaign API.</summary>
public static class TrainingPage
{
    public static IEndpointRouteBuilder MapTrainingPage(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapEmbeddedAssets(
            ("/training", "training/index.html", "text/html; charset=utf-8"),
            ("/training/training.js", "training/training.js", "text/javascript; charset=utf-8"),
            ("/training/training.css", "training/training.css", "text/css; charset=utf-8"));
}
