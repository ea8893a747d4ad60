using System.Buffers.Binary;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Tests.Pdf;

public class SfntFacesTests
{
    private const string MicroHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    [Fact]
    public void A_face_cut_from_a_collection_is_a_standalone_font_with_valid_checksums()
    {
        Assert.SkipUnless(File.Exists(MicroHei), $"{MicroHei} is not installed (apt-get install fonts-wqy-microhei).");
        var collection = File.ReadAllBytes(MicroHei);

        var faces = SfntFaces.List(collection);
        Assert.Equal("WenQuanYi Micro Hei", faces[0].FamilyName);
        Assert.False(faces[0].IsCff);

        var font = SfntFaces.Extract(collection, 0);
        Assert.Equal(0x00010000u, BinaryPrimitives.ReadUInt32BigEndian(font));
        Assert.Equal("WenQuanYi Micro Hei", Assert.Single(SfntFaces.List(font)).FamilyName);
        Assert.Equal(0xB1B0AFBAu, Checksum(font));
        int tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < tables; i++)
        {
            var entry = font.AsSpan(12 + 16 * i);
            var tag = System.Text.Encoding.ASCII.GetString(entry[..4]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
            Assert.Equal(0, offset % 4);
            if (tag != "head")
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(entry[4..]), Checksum(font.AsSpan(offset, (length + 3) & ~3)));
        }
    }

    [Fact]
    public void Something_that_is_not_a_font_is_refused() =>
        Assert.Throws<InvalidDataException>(() => SfntFaces.List("%PDF-1.7 not a font"u8.ToArray()));

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        return sum;
    }
}
