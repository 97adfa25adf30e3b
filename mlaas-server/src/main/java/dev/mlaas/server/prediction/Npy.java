package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.mlaas.server.common.web.ApiException;

/**
 * NumPy's {@code .npy} format (versions 1 to 3), the binary body {@code /predict} takes beside JSON: a short header
 * that names the element type and shape, then the elements in C order. What {@code numpy.save} writes and
 * {@code numpy.load} reads, so a researcher posts an array as it is; and it spares the service the number
 * conversions that are most of a JSON batch's cost.
 */
final class Npy {

	static final MediaType MEDIA_TYPE = MediaType.parseMediaType("application/x-npy");

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	/** Longer than any header numpy writes for a 2-D array, short enough that a bad length cannot cost memory. */
	private static final int MAX_HEADER = 4096;

	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");

	private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");

	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {
	}

	/** The element types {@code /predict} takes, by their NumPy descriptor. */
	enum Type {

		FLOAT32("<f4", 4), FLOAT64("<f8", 8), UINT8("|u1", 1), BOOL("|b1", 1);

		final String descr;

		final int size;

		Type(String descr, int size) {
			this.descr = descr;
			this.size = size;
		}

		static Type of(String descr) {
			for (Type type : values()) {
				// numpy writes one-byte types with '|'; '<' and '=' mean the same for them
				if (type.descr.equals(descr) || (type.size == 1 && descr.length() == type.descr.length()
						&& type.descr.substring(1).equals(descr.substring(1))
						&& (descr.startsWith("<") || descr.startsWith("=")))) {
					return type;
				}
			}
			return null;
		}

	}

	/** A header: element type and shape (C order only), and how many bytes of the body it took. */
	record Header(Type type, long[] shape, int length) {
	}

	/** Reads and checks the magic string, version, header length and header; leaves the stream at the data. */
	static Header readHeader(InputStream in) throws IOException {
		byte[] preamble = in.readNBytes(MAGIC.length + 2);
		if (preamble.length < MAGIC.length + 2 || !Arrays.equals(preamble, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			throw unreadable("the body does not start with the .npy magic string (\\x93NUMPY)");
		}
		int major = preamble[MAGIC.length];
		if (major < 1 || major > 3) {
			throw unreadable(".npy format version " + major + " is not supported (1 to 3 are)");
		}
		byte[] lengthBytes = in.readNBytes((major == 1) ? 2 : 4);
		if (lengthBytes.length < ((major == 1) ? 2 : 4)) {
			throw unreadable("the body ends inside the .npy header");
		}
		ByteBuffer length = ByteBuffer.wrap(Arrays.copyOf(lengthBytes, 4)).order(ByteOrder.LITTLE_ENDIAN);
		int headerLength = length.getInt();
		if (headerLength < 0 || headerLength > MAX_HEADER) {
			throw unreadable("the .npy header is " + Integer.toUnsignedLong(headerLength)
					+ " bytes long; at most " + MAX_HEADER + " are accepted");
		}
		byte[] headerBytes = in.readNBytes(headerLength);
		if (headerBytes.length < headerLength) {
			throw unreadable("the body ends inside the .npy header");
		}
		String header = new String(headerBytes, (major == 3) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		String descr = field(DESCR, header, "descr");
		Type type = Type.of(descr);
		if (type == null) {
			throw unreadable("element type '" + descr + "' is not supported; send float32 ('<f4'), float64 ('<f8'), "
					+ "uint8 ('|u1') or bool ('|b1')");
		}
		if ("True".equals(field(FORTRAN_ORDER, header, "fortran_order"))) {
			throw unreadable("Fortran-order arrays are not supported; send a C-order array");
		}
		return new Header(type, shape(field(SHAPE, header, "shape")),
				preamble.length + lengthBytes.length + headerLength);
	}

	private static long[] shape(String tuple) {
		String[] parts = tuple.split(",");
		int count = (parts.length > 0 && parts[parts.length - 1].isBlank()) ? parts.length - 1 : parts.length;
		long[] shape = new long[count];
		for (int i = 0; i < count; i++) {
			try {
				shape[i] = Long.parseLong(parts[i].strip().replaceFirst("L$", ""));
			}
			catch (NumberFormatException ex) {
				throw unreadable("the .npy shape (" + tuple + ") is not a tuple of integers");
			}
			if (shape[i] < 0) {
				throw unreadable("the .npy shape (" + tuple + ") has a negative dimension");
			}
		}
		return shape;
	}

	private static String field(Pattern pattern, String header, String name) {
		Matcher matcher = pattern.matcher(header);
		if (!matcher.find()) {
			throw unreadable("the .npy header has no valid '" + name + "'");
		}
		return matcher.group(1);
	}

	/** A version 1.0 header for a C-order float32 array, padded so that the data starts at a multiple of 64. */
	static byte[] float32Header(int rows, int columns) {
		return header("'<f4'", "(" + rows + ", " + columns + ")");
	}

	/** A version 1.0 header of this dtype description (quoted, or a structured list) and shape tuple. */
	static byte[] header(String descr, String shape) {
		String dict = "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
		int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
		int padded = (unpadded + 63) / 64 * 64;
		ByteBuffer header = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
		header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (padded - MAGIC.length - 4));
		header.put(dict.getBytes(StandardCharsets.US_ASCII));
		while (header.position() < padded - 1) {
			header.put((byte) ' ');
		}
		header.put((byte) '\n');
		return header.array();
	}

	/** The predicted classes: an int32 array of shape (instances,). */
	static byte[] int32Header(int rows) {
		return header("'<i4'", "(" + rows + ",)");
	}

	/**
	 * Top-k answers: a structured array of shape (instances,) whose fields are {@code classes} (k int32) and
	 * {@code posteriors} (k float32), as {@code numpy.load(f)['classes']} reads them.
	 */
	static byte[] topKHeader(int rows, int k) {
		return header("[('classes', '<i4', (" + k + ",)), ('posteriors', '<f4', (" + k + ",))]",
				"(" + rows + ",)");
	}

	static void writeFloat32(float[][] rows, int columns, OutputStream out) throws IOException {
		out.write(float32Header(rows.length, columns));
		byte[] data = new byte[rows.length * columns * Float.BYTES];
		var floats = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		for (float[] row : rows) {
			floats.put(row);
		}
		out.write(data);
	}

	static ApiException unreadable(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request body",
				"The request body is not a valid .npy array: " + detail + ".");
	}

}
