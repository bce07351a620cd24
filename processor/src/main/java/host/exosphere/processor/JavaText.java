package host.exosphere.processor;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * String literals for names the user chose. javac reads U+2028 (line separator) and U+2029 (paragraph
 * separator) as line ends, and JavaPoet breaks its output lines there, so a name containing one would end
 * its string literal mid-way: such a name is written as a constant concatenation instead.
 */
final class JavaText {
  private JavaText() {}

  /**
   * {@code "text"}, or for a text holding U+2028/U+2029 {@code "a" + (char) 0x2028 + "b"}: still a constant
   * expression, so it serves in {@code static final} constants as well.
   */
  static CodeBlock string(String text) {
    if (text.indexOf(0x2028) < 0 && text.indexOf(0x2029) < 0) {
      return CodeBlock.of("$S", text);
    }
    List<CodeBlock> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0x2028 || c == 0x2029) {
        parts.add(CodeBlock.of("$S", text.substring(start, i)));
        parts.add(CodeBlock.of("(char) 0x$L", Integer.toHexString(c)));
        start = i + 1;
      }
    }
    parts.add(CodeBlock.of("$S", text.substring(start)));
    return CodeBlock.join(parts, " + ");
  }
}
