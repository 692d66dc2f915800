import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import type { UiLang } from '../i18n/messages'
import type { UploadErrorCode } from './UploadError'

const MIB = MAX_UPLOAD_BYTES / (1024 * 1024)

const TEXTS: Record<UiLang, { title: string } & Record<UploadErrorCode, string>> = {
  nb: {
    title: 'Bildet ble ikke lagt til',
    too_large: `Bildet er større enn ${MIB} MiB. Ta et bilde med lavere oppløsning, eller skaler det ned.`,
    unsupported_type: 'Bare PNG, JPEG, WebP og GIF kan legges til.',
    svg_refused: 'SVG-bilder avvises fordi de kan inneholde skript. Bruk PNG, JPEG, WebP eller GIF.',
    forbidden: 'Du kan bare se på denne tavla, ikke legge til bilder.',
    unauthorized: 'Lenka mangler tilgangsnøkkel eller gjelder ikke for denne tavla. Åpne tavla fra lenka du fikk.',
    not_found: 'Tavla finnes ikke lenger.',
    rate_limited: 'For mange bilder fra nettverket ditt på kort tid. Vent litt og prøv igjen.',
    network: 'Fikk ikke kontakt med serveren. Prøv igjen når nettet er tilbake.',
    too_many_images: 'Tavla har så mange bilder som den kan ha. Fjern bilder dere ikke bruker; bilder ingen bruker, slettes etter et døgn.',
    images_too_large: 'Bildene på tavla tar så mye plass som de kan. Fjern bilder dere ikke bruker, eller bruk mindre bilder; bilder ingen bruker, slettes etter et døgn.',
    board_too_large: 'Tavla er full: med dette bildet blir den større enn tillatt. Fjern innhold eller bilder først.',
    disk_budget: 'Serveren har nesten ikke mer lagringsplass, så ingenting nytt kan lagres nå. Si fra til den som drifter serveren.',
    unknown: 'Opplastingen feilet.',
  },
  nn: {
    title: 'Biletet vart ikkje lagt til',
    too_large: `Biletet er større enn ${MIB} MiB. Ta eit bilete med lågare oppløysing, eller skaler det ned.`,
    unsupported_type: 'Berre PNG, JPEG, WebP og GIF kan leggjast til.',
    svg_refused: 'SVG-bilete blir avviste fordi dei kan innehalde skript. Bruk PNG, JPEG, WebP eller GIF.',
    forbidden: 'Du kan berre sjå på denne tavla, ikkje leggje til bilete.',
    unauthorized: 'Lenkja manglar tilgangsnøkkel eller gjeld ikkje for denne tavla. Opne tavla frå lenkja du fekk.',
    not_found: 'Tavla finst ikkje lenger.',
    rate_limited: 'For mange bilete frå nettverket ditt på kort tid. Vent litt og prøv igjen.',
    network: 'Fekk ikkje kontakt med serveren. Prøv igjen når nettet er tilbake.',
    too_many_images: 'Tavla har så mange bilete som ho kan ha. Fjern bilete de ikkje bruker; bilete som ingen bruker, blir sletta etter eit døgn.',
    images_too_large: 'Bileta på tavla tek så mykje plass som dei kan. Fjern bilete de ikkje bruker, eller bruk mindre bilete; bilete som ingen bruker, blir sletta etter eit døgn.',
    board_too_large: 'Tavla er full: med dette biletet blir ho større enn tillate. Fjern innhald eller bilete først.',
    disk_budget: 'Serveren har nesten ikkje meir lagringsplass, så ingenting nytt kan lagrast no. Sei frå til den som driftar serveren.',
    unknown: 'Opplastinga feila.',
  },
  en: {
    title: 'The image was not added',
    too_large: `The image is larger than ${MIB} MiB. Take a lower-resolution photo or scale it down.`,
    unsupported_type: 'Only PNG, JPEG, WebP and GIF images can be added.',
    svg_refused: 'SVG images are refused because they can carry scripts. Use PNG, JPEG, WebP or GIF.',
    forbidden: 'You can only view this board, not add images.',
    unauthorized: 'The link has no access token, or it is not valid for this board. Open the board from the link you were given.',
    not_found: 'The board no longer exists.',
    rate_limited: 'Too many images from your network in a short time. Wait a little and try again.',
    network: 'Could not reach the server. Try again when the network is back.',
    too_many_images: 'The board holds as many images as it may. Remove images nobody uses; images nobody uses are deleted after a day.',
    images_too_large: "The board's images take as much space as they may. Remove images nobody uses, or use smaller ones; images nobody uses are deleted after a day.",
    board_too_large: 'The board is full: with this image it would be larger than allowed. Remove content or images first.',
    disk_budget: 'The server is almost out of disk space, so nothing new can be saved now. Tell the person who runs the server.',
    unknown: 'The upload failed.',
  },
}

/**
 * Title and description of an upload refusal in the person's language. A refusal the client
 * does not know by code shows the server's own message, which the API keeps safe to show.
 */
export function uploadErrorText(code: UploadErrorCode, lang: UiLang, serverMessage?: string): { title: string; description: string } {
  const texts = TEXTS[lang]
  return { title: texts.title, description: code === 'unknown' && serverMessage ? serverMessage : texts[code] }
}
