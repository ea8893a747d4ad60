using PdfSharp.Drawing;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>Pictures as the PDF component reads them.</summary>
public static class PdfImages
{
    /// <summary>The size in pixels of a picture PDFsharp can draw, or null when it cannot read it.</summary>
    public static (int Width, int Height)? Size(byte[] bytes)
    {
        try
        {
            using var image = XImage.FromStream(new MemoryStream(bytes, writable: false));
            return (image.PixelWidth, image.PixelHeight);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException or EndOfStreamException)
        {
            return null;
        }
    }
}
